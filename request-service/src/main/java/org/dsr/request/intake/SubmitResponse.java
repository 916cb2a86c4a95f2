package org.dsr.request.intake;

import java.time.Instant;
import java.util.UUID;

import org.dsr.request.domain.DataSubjectRequest;
import org.dsr.request.domain.RequestStatus;

/** Answer to an accepted request: where it stands and when the answer is due. */
public record SubmitResponse(UUID id, RequestStatus status, Instant receivedAt, Instant dueAt) {

    static SubmitResponse of(DataSubjectRequest request) {
        return new SubmitResponse(request.id, request.status, request.receivedAt, request.dueAt);
    }
}
