package org.dsr.orchestrator.saga;

import java.time.Instant;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Something a person did by hand: who, when, why. */
@Entity
@Table(name = "operator_action")
public class OperatorAction extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "request_id")
    public UUID requestId;

    public String processor;

    public String action;

    public String actor;

    public String reason;

    public Instant at;

    public static OperatorAction of(
            UUID requestId, String processor, String action, String actor, String reason, Instant at) {
        OperatorAction a = new OperatorAction();
        a.requestId = requestId;
        a.processor = processor;
        a.action = action;
        a.actor = actor;
        a.reason = reason;
        a.at = at;
        return a;
    }
}
