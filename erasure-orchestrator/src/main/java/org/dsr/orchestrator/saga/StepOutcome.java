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
import org.dsr.contracts.event.OutcomeStatus;

/** An outcome as the processor sent it; {@code payload} keeps its JSON so its signature stays checkable. */
@Entity
@Table(name = "step_outcome")
public class StepOutcome extends PanacheEntityBase {

    @Id
    @Column(name = "outcome_id")
    public UUID outcomeId;

    @Column(name = "request_id")
    public UUID requestId;

    public String processor;

    @Column(name = "command_id")
    public UUID commandId;

    public String category;

    @Enumerated(EnumType.STRING)
    public OutcomeStatus status;

    public String payload;

    @Column(name = "received_at")
    public Instant receivedAt;
}
