package org.dsr.orchestrator.saga;

import java.time.Instant;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "saga_step")
public class SagaStep extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "request_id")
    public UUID requestId;

    public String processor;

    @Enumerated(EnumType.STRING)
    public StepStatus status;

    @Column(name = "command_id")
    public UUID commandId;

    public int attempt;

    /** The categories and actions of the command, as JSON. */
    @Column(name = "categories_json")
    public String categoriesJson;

    @Column(name = "dispatched_at")
    public Instant dispatchedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "last_error")
    public String lastError;

    /** When the orchestrator next looks at this step: a retry, or the end of its timeout. Null once final. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** For a PENDING answer: when the processor expects to finish. */
    @Column(name = "expected_completion")
    public Instant expectedCompletion;
}
