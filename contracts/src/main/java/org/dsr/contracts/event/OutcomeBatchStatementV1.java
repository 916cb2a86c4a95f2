package org.dsr.contracts.event;

import java.time.Instant;
import java.util.UUID;

/**
 * What a processor signs once for a batch of outcomes: the RFC 6962 root of the tree whose leaves are the batch's
 * outcomes ({@link OutcomeLeaves#leafBytes}), in the order of {@link ProcessorOutcomeBatchV2#outcomes()}.
 *
 * @param rootHash base64 of the 32-byte root
 * @param signature the processor's Ed25519 signature (its own key, key id {@code <processor>-<12 hex>}) over the RFC
 *        8785 canonical JSON of this statement without this field
 */
public record OutcomeBatchStatementV1(
        String processor, UUID batchId, long treeSize, String rootHash, Instant signedAt, SignatureV1 signature) {

    public OutcomeBatchStatementV1 withSignature(SignatureV1 newSignature) {
        return new OutcomeBatchStatementV1(processor, batchId, treeSize, rootHash, signedAt, newSignature);
    }
}
