package org.dsr.contracts.event;

import java.util.List;

/**
 * Inside a completion record: proof that an outcome is one the processor signed in a batch. The outcome's leaf
 * ({@link OutcomeLeaves#leafBytes}) at {@code leafIndex}, with {@code inclusionProof} (base64 hashes, leaf first),
 * leads to the root the processor signed in {@code statement}.
 */
public record OutcomeBatchProofV1(OutcomeBatchStatementV1 statement, long leafIndex, List<String> inclusionProof) {}
