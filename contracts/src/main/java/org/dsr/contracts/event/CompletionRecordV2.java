package org.dsr.contracts.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dsr.contracts.event.CompletionRecordV1.ProcessorResult;
import org.dsr.contracts.event.CompletionRecordV1.RetainedCategory;

/**
 * The proof, version 2: what every processor did for one request, signed by the orchestrator, and a leaf of the
 * orchestrator's append-only completion log (an RFC 6962 tree with C2SP signed checkpoints). Unlike v1 it names no
 * position and no predecessor: its leaf index is assigned when the log sequences it and travels beside it (proof
 * bundle, log export). The leaf data is the record's RFC 8785 canonical JSON, signature included. Outcomes that came
 * in a Merkle-signed batch carry their {@link OutcomeBatchProofV1}. Published on {@code dsr.completions}.
 *
 * @param version 1 for the first record of a request; a deferred erasure appends version 2, and so on
 */
public record CompletionRecordV2(
        UUID recordId,
        int version,
        UUID requestId,
        RequestType requestType,
        Jurisdiction jurisdiction,
        String subjectPseudonym,
        Instant receivedAt,
        Instant dueAt,
        Instant completedAt,
        String status,
        List<ProcessorResult> processors,
        List<RetainedCategory> retained,
        SignatureV1 signature) {

    public static final String TYPE = "org.dsr.completion.recorded.v2";

    public CompletionRecordV2 withSignature(SignatureV1 newSignature) {
        return new CompletionRecordV2(
                recordId,
                version,
                requestId,
                requestType,
                jurisdiction,
                subjectPseudonym,
                receivedAt,
                dueAt,
                completedAt,
                status,
                processors,
                retained,
                newSignature);
    }
}
