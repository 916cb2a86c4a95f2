package org.dsr.request.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Failure;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.event.Retention;
import org.dsr.request.domain.RequestStatus;

/** {@code GET /api/v1/requests/{id}}: the request and what every processor reported so far. No identifiers. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RequestView(UUID id, RequestType type, Jurisdiction jurisdiction, RequestStatus status,
        Instant receivedAt, Instant dueAt, Instant completedAt, List<ProcessorView> processors) {

    /** @param status the worst status among its categories */
    public record ProcessorView(String processor, OutcomeStatus status, List<CategoryView> categories) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CategoryView(String category, Action action, OutcomeStatus status, Evidence evidence,
            Retention retention, Instant expectedCompletion, Failure failure, Instant completedAt, boolean signed,
            Instant updatedAt) {
    }
}
