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
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestType;

@Entity
@Table(name = "saga")
public class Saga extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(name = "request_type")
    public RequestType requestType;

    @Enumerated(EnumType.STRING)
    public Jurisdiction jurisdiction;

    @Column(name = "subject_pseudonym")
    public String subjectPseudonym;

    /** The subject as it arrived: pseudonym and encrypted identifiers, never plaintext. */
    @Column(name = "subject_json")
    public String subjectJson;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "due_at")
    public Instant dueAt;

    @Enumerated(EnumType.STRING)
    public SagaStatus status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** Set when the deadline was extended (Art. 12(3)): the due date before, and why. */
    @Column(name = "original_due_at")
    public Instant originalDueAt;

    @Column(name = "extension_reason")
    public String extensionReason;
}
