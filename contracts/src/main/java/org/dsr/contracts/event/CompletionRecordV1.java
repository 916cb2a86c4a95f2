package org.dsr.contracts.event;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The proof: what every processor did for one request, signed by the orchestrator and chained to the record
 * before it. Published on {@code dsr.completions}.
 *
 * @param sequence position in the orchestrator's chain, from 1
 * @param version 1 for the first record of a request; a deferred erasure appends version 2, and so on
 * @param previousRecordHash SHA-256 (hex) of the canonical JSON of the previous record, signature included; 64
 *        zeros for the first record of the chain
 */
public record CompletionRecordV1(
        UUID recordId,
        long sequence,
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
        String previousRecordHash,
        SignatureV1 signature) {

    public static final String TYPE = "org.dsr.completion.recorded.v1";
    public static final String GENESIS_HASH = "0".repeat(64);

    /** One processor's outcomes, exactly as the processor signed them. */
    public record ProcessorResult(String processor, List<ProcessorOutcomeV1> outcomes) {}

    /** What was kept, why, and until when. */
    public record RetainedCategory(String processor, String category, String legalBasis, LocalDate retainUntil) {}

    public CompletionRecordV1 withSignature(SignatureV1 newSignature) {
        return new CompletionRecordV1(
                recordId,
                sequence,
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
                previousRecordHash,
                newSignature);
    }
}
