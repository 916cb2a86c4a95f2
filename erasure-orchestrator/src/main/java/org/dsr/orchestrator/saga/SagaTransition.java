package org.dsr.orchestrator.saga;

import java.time.Instant;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One line of the audit trail: a saga or step changed state, when, and why. */
@Entity
@Table(name = "saga_transition")
public class SagaTransition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "saga_transition_ids")
    @SequenceGenerator(name = "saga_transition_ids", sequenceName = "saga_transition_id_seq", allocationSize = 50)
    public Long id;

    @Column(name = "request_id")
    public UUID requestId;

    /** Null for a transition of the saga itself. */
    public String processor;

    @Column(name = "from_status")
    public String fromStatus;

    @Column(name = "to_status")
    public String toStatus;

    public String cause;

    public Instant at;

    public static SagaTransition of(
            UUID requestId, String processor, Enum<?> from, Enum<?> to, String cause, Instant at) {
        SagaTransition t = new SagaTransition();
        t.requestId = requestId;
        t.processor = processor;
        t.fromStatus = from == null ? null : from.name();
        t.toStatus = to.name();
        t.cause = cause;
        t.at = at;
        return t;
    }
}
