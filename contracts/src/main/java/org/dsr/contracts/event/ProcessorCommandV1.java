package org.dsr.contracts.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dsr.contracts.subject.Subject;

/**
 * Published by the orchestrator on {@code dsr.commands.<processor>}: act on these categories for this subject.
 * A redelivery or a re-dispatch carries the same {@code commandId}; {@code attempt} counts dispatches.
 *
 * @param signature the orchestrator's Ed25519 signature over the RFC 8785 canonical JSON of the command without this
 *        field ({@link org.dsr.contracts.crypto.SignedJson}); each dispatch is signed anew (its {@code issuedAt} and
 *        {@code attempt} change). A connector acts only on a command whose signature verifies against the
 *        orchestrator's pinned key, and request-service releases a data key only against one.
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
        int attempt,
        SignatureV1 signature) {

    public static final String TYPE = "org.dsr.processor.command.v1";

    /** An unsigned command, to be signed with {@link #withSignature}. */
    public ProcessorCommandV1(
            UUID commandId,
            UUID requestId,
            String processor,
            RequestType requestType,
            Jurisdiction jurisdiction,
            Subject subject,
            List<CategoryCommand> categories,
            Instant issuedAt,
            int attempt) {
        this(commandId, requestId, processor, requestType, jurisdiction, subject, categories, issuedAt, attempt, null);
    }

    public ProcessorCommandV1 withSignature(SignatureV1 newSignature) {
        return new ProcessorCommandV1(
                commandId,
                requestId,
                processor,
                requestType,
                jurisdiction,
                subject,
                categories,
                issuedAt,
                attempt,
                newSignature);
    }

    /**
     * This command narrowed to some of its categories, for the code that acts on them: the signature is dropped, as
     * it no longer covers the content (the command was checked before it was narrowed).
     */
    public ProcessorCommandV1 withCategories(List<CategoryCommand> only) {
        return new ProcessorCommandV1(
                commandId, requestId, processor, requestType, jurisdiction, subject, only, issuedAt, attempt, null);
    }
}
