package org.dsr.contracts.event;

import java.time.Instant;
import java.util.UUID;
import org.dsr.contracts.subject.Subject;

/**
 * Published by request-service on {@code dsr.requests} (or {@code dsr.requests.bulk} for the bulk lane) once a request
 * is accepted.
 *
 * @param lane absent for an interactive request (events written before lanes existed read as interactive)
 */
public record RequestSubmittedV1(
        UUID requestId,
        RequestType type,
        Jurisdiction jurisdiction,
        Subject subject,
        Instant receivedAt,
        Instant dueAt,
        Lane lane) {

    public static final String TYPE = "org.dsr.request.submitted.v1";

    public RequestSubmittedV1(
            UUID requestId,
            RequestType type,
            Jurisdiction jurisdiction,
            Subject subject,
            Instant receivedAt,
            Instant dueAt) {
        this(requestId, type, jurisdiction, subject, receivedAt, dueAt, null);
    }

    /** The lane this request travels in; interactive unless it came in a bulk submission. */
    public Lane laneOrDefault() {
        return lane == null ? Lane.INTERACTIVE : lane;
    }
}
