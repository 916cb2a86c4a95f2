package org.dsr.contracts.event;

import java.time.Instant;
import java.util.UUID;
import org.dsr.contracts.subject.Subject;

/** Published by request-service on {@code dsr.requests} once a request is accepted. */
public record RequestSubmittedV1(
        UUID requestId,
        RequestType type,
        Jurisdiction jurisdiction,
        Subject subject,
        Instant receivedAt,
        Instant dueAt) {

    public static final String TYPE = "org.dsr.request.submitted.v1";
}
