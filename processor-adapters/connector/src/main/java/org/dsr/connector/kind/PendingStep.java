package org.dsr.connector.kind;

import java.time.Instant;
import java.util.UUID;
import org.dsr.contracts.event.Action;

/** A category a connector answered PENDING, as stored until it is final. */
public record PendingStep(
        UUID id,
        UUID commandId,
        UUID requestId,
        String processor,
        String category,
        Action action,
        String resumeState,
        int polls,
        Instant expectedCompletion) {}
