package org.dsr.contracts.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.OutcomeBatchStatementV1;
import org.dsr.contracts.event.OutcomeLeaves;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.junit.jupiter.api.Test;

/** An outcome in a Merkle-signed batch is tied to the batch's root by its proof, and by nothing else. */
class OutcomeLeavesTest {

    @Test
    void every_outcome_of_a_batch_proves_its_place_and_a_changed_outcome_does_not() throws Exception {
        List<ProcessorOutcomeV1> outcomes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            outcomes.add(outcome("hosting", i));
        }
        String root =
                Base64.getEncoder().encodeToString(OutcomeLeaves.tree(outcomes).root());
        OutcomeBatchStatementV1 statement =
                new OutcomeBatchStatementV1("hosting", UUID.randomUUID(), 5, root, Instant.EPOCH, null);

        List<ProcessorOutcomeV1> proven = OutcomeLeaves.withProofs(outcomes, statement);
        for (ProcessorOutcomeV1 outcome : proven) {
            OutcomeLeaves.verifyInclusion(Json.read(Json.write(outcome), ProcessorOutcomeV1.class));
        }

        ProcessorOutcomeV1 first = proven.get(0);
        ProcessorOutcomeV1 changed = new ProcessorOutcomeV1(
                        first.outcomeId(),
                        first.commandId(),
                        first.requestId(),
                        first.processor(),
                        first.category(),
                        first.action(),
                        first.status(),
                        new Evidence(99, 0, "changed"),
                        null,
                        null,
                        null,
                        first.completedAt(),
                        null)
                .withBatchProof(first.batchProof());
        assertThatThrownBy(() -> OutcomeLeaves.verifyInclusion(changed)).hasMessageContaining("is not in the tree");
        ProcessorOutcomeV1 otherProcessor = outcome("payments", 0).withBatchProof(first.batchProof());
        assertThatThrownBy(() -> OutcomeLeaves.verifyInclusion(otherProcessor))
                .hasMessageContaining("another processor");
        assertThatThrownBy(() -> OutcomeLeaves.verifyInclusion(outcomes.get(0))).hasMessageContaining("no batch proof");
    }

    @Test
    void the_leaf_ignores_signature_and_proof_so_v1_and_v2_outcomes_hash_alike() {
        ProcessorOutcomeV1 plain = outcome("hosting", 1);
        assertThat(OutcomeLeaves.leafBytes(plain))
                .isEqualTo(OutcomeLeaves.leafBytes(
                        plain.withSignature(new org.dsr.contracts.event.SignatureV1("k", "Ed25519", "c2ln"))));
    }

    private static ProcessorOutcomeV1 outcome(String processor, int i) {
        return new ProcessorOutcomeV1(
                UUID.nameUUIDFromBytes(("o" + i).getBytes()),
                UUID.nameUUIDFromBytes(("c" + i).getBytes()),
                UUID.nameUUIDFromBytes(("r" + i).getBytes()),
                processor,
                "account",
                Action.ERASE,
                OutcomeStatus.ERASED,
                new Evidence(i, 0, "select after delete"),
                null,
                null,
                null,
                Instant.parse("2026-12-08T00:00:00Z"),
                null);
    }
}
