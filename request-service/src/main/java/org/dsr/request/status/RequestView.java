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
import org.dsr.request.domain.Verification;

/**
 * {@code GET /api/v1/requests/{id}}: the request and what every processor reported so far. No identifiers.
 *
 * @param dueAt the Art. 12(3) deadline: one month after receipt
 * @param extension the extension of the deadline, with its reason; null when not extended
 * @param overdue open and past its deadline (the extended one when there is one)
 * @param shreddedAt when the data key and the encrypted identifiers were destroyed; null before
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RequestView(
        UUID id,
        RequestType type,
        Jurisdiction jurisdiction,
        RequestStatus status,
        Verification verification,
        Instant receivedAt,
        Instant dueAt,
        Extension extension,
        boolean overdue,
        Instant completedAt,
        Instant shreddedAt,
        List<ProcessorView> processors) {

    /** Art. 12(3): up to two further months, the subject told why within the first month. */
    public record Extension(Instant newDueAt, String reason) {}

    /** @param status the worst status among its categories */
    public record ProcessorView(String processor, OutcomeStatus status, List<CategoryView> categories) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CategoryView(
            String category,
            Action action,
            OutcomeStatus status,
            Evidence evidence,
            Retention retention,
            Instant expectedCompletion,
            Failure failure,
            Instant completedAt,
            boolean signed,
            Instant updatedAt) {}
}
