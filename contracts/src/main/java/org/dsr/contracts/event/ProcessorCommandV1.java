package org.dsr.contracts.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.dsr.contracts.subject.Subject;

/**
 * Published by the orchestrator on {@code dsr.commands.<processor>}: act on these categories for this subject.
 * A redelivery or a re-dispatch carries the same {@code commandId}; {@code attempt} counts dispatches.
 */
public record ProcessorCommandV1(
        UUID commandId,
        UUID requestId,
        String processor,
        RequestType requestType,
        Jurisdiction jurisdiction,
        Subject subject,
        List<CategoryCommand> categories,
        Instant issuedAt,
        int attempt) {

    public static final String TYPE = "org.dsr.processor.command.v1";
}
