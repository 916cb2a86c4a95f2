package org.dsr.request.intake;

import java.time.Instant;
import java.util.UUID;
import org.dsr.request.domain.DataSubjectRequest;
import org.dsr.request.domain.RequestStatus;
import org.dsr.request.domain.Verification;

/**
 * Answer to a submission: where the request stands and when the answer is due.
 *
 * @param duplicate true when the same caller already had an open request for the same subject and type, returned
 *            instead (another caller's open request is never returned: it gets its own)
 */
public record SubmitResponse(
        UUID id,
        RequestStatus status,
        Verification verification,
        Instant receivedAt,
        Instant dueAt,
        boolean duplicate) {

    static SubmitResponse of(DataSubjectRequest request, boolean duplicate) {
        return new SubmitResponse(
                request.id,
                request.status,
                request.verification,
                request.receivedAt,
                request.effectiveDueAt(),
                duplicate);
    }
}
