package org.dsr.contracts.event;

import java.time.Instant;
import java.util.UUID;

/**
 * Published by a processor adapter on {@code dsr.outcomes}: one per data category of a command, signed by the
 * adapter.
 *
 * @param retention set when {@code status} is RETAINED
 * @param expectedCompletion set when {@code status} is PENDING
 * @param failure set when {@code status} is FAILED
 * @param signature the processor's own signature of this outcome alone (v1); absent when the outcome travelled in a
 *        Merkle-signed batch, which {@code batchProof} then proves
 * @param batchProof set inside a completion record for an outcome that came in a {@link ProcessorOutcomeBatchV2}: the
 *        processor's signed batch root and this outcome's inclusion path ({@link OutcomeLeaves})
 */
public record ProcessorOutcomeV1(
        UUID outcomeId,
        UUID commandId,
        UUID requestId,
        String processor,
        String category,
        Action action,
        OutcomeStatus status,
        Evidence evidence,
        Retention retention,
        Instant expectedCompletion,
        Failure failure,
        Instant completedAt,
        SignatureV1 signature,
        OutcomeBatchProofV1 batchProof) {

    public static final String TYPE = "org.dsr.processor.outcome.v1";

    public ProcessorOutcomeV1(
            UUID outcomeId,
            UUID commandId,
            UUID requestId,
            String processor,
            String category,
            Action action,
            OutcomeStatus status,
            Evidence evidence,
            Retention retention,
            Instant expectedCompletion,
            Failure failure,
            Instant completedAt,
            SignatureV1 signature) {
        this(
                outcomeId,
                commandId,
                requestId,
                processor,
                category,
                action,
                status,
                evidence,
                retention,
                expectedCompletion,
                failure,
                completedAt,
                signature,
                null);
    }

    /** This outcome as it goes into a completion record after arriving in a Merkle-signed batch. */
    public ProcessorOutcomeV1 withBatchProof(OutcomeBatchProofV1 proof) {
        return new ProcessorOutcomeV1(
                outcomeId,
                commandId,
                requestId,
                processor,
                category,
                action,
                status,
                evidence,
                retention,
                expectedCompletion,
                failure,
                completedAt,
                signature,
                proof);
    }

    public ProcessorOutcomeV1 withSignature(SignatureV1 newSignature) {
        return new ProcessorOutcomeV1(
                outcomeId,
                commandId,
                requestId,
                processor,
                category,
                action,
                status,
                evidence,
                retention,
                expectedCompletion,
                failure,
                completedAt,
                newSignature,
                batchProof);
    }

    /**
     * This final outcome again, under the outcome id of a later delivery of the same command (a re-dispatch answered
     * from what is already done), unsigned: the processor signs the copy as any outcome.
     */
    public ProcessorOutcomeV1 againAs(UUID newOutcomeId) {
        return new ProcessorOutcomeV1(
                newOutcomeId,
                commandId,
                requestId,
                processor,
                category,
                action,
                status,
                evidence,
                retention,
                expectedCompletion,
                failure,
                completedAt,
                null);
    }
}
