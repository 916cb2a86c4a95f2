package org.dsr.request.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestType;
import org.dsr.request.domain.DataSubjectRequest;
import org.dsr.request.domain.RequestStatus;
import org.dsr.request.domain.Verification;

/** One line of the operators' list. No identifiers. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RequestSummary(
        UUID id,
        RequestType type,
        Jurisdiction jurisdiction,
        RequestStatus status,
        Verification verification,
        Instant receivedAt,
        Instant dueAt,
        RequestView.Extension extension,
        boolean overdue,
        Instant completedAt,
        String submittedBy) {

    static RequestSummary of(DataSubjectRequest r, Instant now) {
        return new RequestSummary(
                r.id,
                r.type,
                r.jurisdiction,
                r.status,
                r.verification,
                r.receivedAt,
                r.dueAt,
                RequestStatusService.extension(r),
                RequestStatusService.overdue(r, now),
                r.completedAt,
                r.submittedBy);
    }

    /** A page of the list: {@code total} matches in all. */
    public record Page(List<RequestSummary> items, long total, int limit, int offset) {}
}
