package org.dsr.contracts.event;

import java.util.List;
import java.util.UUID;

/**
 * Published by a processor on {@code dsr.outcomes} ({@code dsr.outcomes.bulk} for the bulk lane): the outcomes of one
 * command batch, of many requests, signed once as a Merkle tree. The receiver recomputes the root from
 * {@code outcomes} (in this order, {@link OutcomeLeaves}), checks it equals the statement's and that the statement's
 * signature verifies with the processor's pinned key, and stores each outcome with its {@link OutcomeBatchProofV1}.
 *
 * @param outcomes unsigned, without batch proofs, in leaf order
 */
public record ProcessorOutcomeBatchV2(
        UUID batchId, String processor, OutcomeBatchStatementV1 statement, List<ProcessorOutcomeV1> outcomes) {

    public static final String TYPE = "org.dsr.processor.outcomes.v2";
}
