package org.dsr.contracts.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Published by the orchestrator on {@code dsr.commands.<processor>} ({@code .bulk} for the bulk lane): the commands of
 * many requests for one processor in one message, signed once. A batch holds what was waiting when it was cut (up to a
 * size), so a single interactive request goes out at once in a batch of one.
 *
 * @param commands each a {@link ProcessorCommandV1} without its own signature: the batch's signature covers them
 * @param signature the orchestrator's Ed25519 signature over the RFC 8785 canonical JSON of the batch without this
 *        field ({@link org.dsr.contracts.crypto.SignedJson}). A connector acts only on a batch that verifies against
 *        the orchestrator's pinned key; request-service releases the data keys of the requests it names only against
 *        one.
 */
public record ProcessorCommandBatchV1(
        UUID batchId,
        String processor,
        Lane lane,
        List<ProcessorCommandV1> commands,
        Instant issuedAt,
        SignatureV1 signature) {

    public static final String TYPE = "org.dsr.processor.commands.v1";

    public ProcessorCommandBatchV1 withSignature(SignatureV1 newSignature) {
        return new ProcessorCommandBatchV1(batchId, processor, lane, commands, issuedAt, newSignature);
    }
}
