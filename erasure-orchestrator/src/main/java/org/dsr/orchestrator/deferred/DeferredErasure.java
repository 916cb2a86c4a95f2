package org.dsr.orchestrator.deferred;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A retained category to erase once its retention has ended. */
@Entity
@Table(name = "deferred_erasure")
public class DeferredErasure extends PanacheEntityBase {

    public enum Status {
        SCHEDULED,
        DISPATCHED,
        DONE
    }

    @Id
    public UUID id;

    @Column(name = "request_id")
    public UUID requestId;

    public String processor;

    public String category;

    /** The adapter's own record ids, as JSON: the command names these, not the person. */
    @Column(name = "handles_json")
    public String handlesJson;

    /** The first day the data may no longer be kept (the day after retain-until). */
    @Column(name = "due_on")
    public LocalDate dueOn;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "command_id")
    public UUID commandId;

    @Column(name = "dispatched_at")
    public Instant dispatchedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "outcome_payload")
    public String outcomePayload;
}
