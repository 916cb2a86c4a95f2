package org.dsr.request.status;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.OutcomeStatus;

/** Read model: the latest outcome of one processor for one data category of a request. */
@Entity
@Table(name = "request_outcome")
@IdClass(RequestOutcome.Key.class)
public class RequestOutcome extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Id
    public String processor;

    @Id
    public String category;

    @Column(name = "outcome_id")
    public UUID outcomeId;

    @Column(name = "command_id")
    public UUID commandId;

    @Enumerated(EnumType.STRING)
    public Action action;

    @Enumerated(EnumType.STRING)
    public OutcomeStatus status;

    @Column(name = "rows_affected")
    public Long rowsAffected;

    @Column(name = "remaining_matches")
    public Long remainingMatches;

    public String verification;

    @Column(name = "legal_basis")
    public String legalBasis;

    @Column(name = "retain_until")
    public LocalDate retainUntil;

    /** JSON array of the processor's opaque retention handles. */
    @Column(name = "retention_handles")
    public String retentionHandles;

    @Column(name = "expected_completion")
    public Instant expectedCompletion;

    @Column(name = "failure_retryable")
    public Boolean failureRetryable;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "outcome_completed_at")
    public Instant outcomeCompletedAt;

    /**
     * The processor's signature verified with the key pinned for it. Always true for outcomes stored since issue 18
     * (others are dead-lettered); false only on rows stored before, when a signature field was taken on trust.
     */
    public boolean signed;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static class Key implements Serializable {
        public UUID requestId;
        public String processor;
        public String category;

        public Key() {}

        public Key(UUID requestId, String processor, String category) {
            this.requestId = requestId;
            this.processor = processor;
            this.category = category;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(requestId, k.requestId)
                    && Objects.equals(processor, k.processor)
                    && Objects.equals(category, k.category);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, processor, category);
        }
    }
}
