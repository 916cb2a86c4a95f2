package org.dsr.contracts.event;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.tlog.InMemoryTree;
import org.dsr.contracts.tlog.InvalidProofException;
import org.dsr.contracts.tlog.Merkle;

/** The leaves of a processor's outcome batch, and the proofs that tie one outcome to the batch's signed root. */
public final class OutcomeLeaves {

    private OutcomeLeaves() {}

    /** The canonical JSON of the outcome without {@code signature} and {@code batchProof}: the leaf's data. */
    public static byte[] leafBytes(ProcessorOutcomeV1 outcome) {
        ObjectNode tree = (ObjectNode) Json.tree(outcome);
        tree.remove("signature");
        tree.remove("batchProof");
        return CanonicalJson.bytes(tree);
    }

    public static byte[] leafHash(ProcessorOutcomeV1 outcome) {
        return Merkle.leafHash(leafBytes(outcome));
    }

    /** The tree of a batch's outcomes, in order. */
    public static InMemoryTree tree(List<ProcessorOutcomeV1> outcomes) {
        InMemoryTree tree = new InMemoryTree();
        outcomes.forEach(outcome -> tree.append(leafHash(outcome)));
        return tree;
    }

    /** Each outcome of a batch with its proof under {@code statement} (whose root must be the tree's). */
    public static List<ProcessorOutcomeV1> withProofs(
            List<ProcessorOutcomeV1> outcomes, OutcomeBatchStatementV1 statement) {
        InMemoryTree tree = tree(outcomes);
        List<ProcessorOutcomeV1> proven = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            List<String> path = tree.inclusionProof(i, tree.size()).stream()
                    .map(Base64.getEncoder()::encodeToString)
                    .toList();
            proven.add(outcomes.get(i).withBatchProof(new OutcomeBatchProofV1(statement, i, path)));
        }
        return proven;
    }

    /** Checks that the outcome's leaf leads to its statement's root (the statement's signature is checked apart). */
    public static void verifyInclusion(ProcessorOutcomeV1 outcome) throws InvalidProofException {
        OutcomeBatchProofV1 proof = outcome.batchProof();
        if (proof == null || proof.statement() == null) {
            throw new InvalidProofException("the outcome carries no batch proof");
        }
        OutcomeBatchStatementV1 statement = proof.statement();
        if (!outcome.processor().equals(statement.processor())) {
            throw new InvalidProofException("the outcome's batch was signed for another processor");
        }
        List<byte[]> path = new ArrayList<>();
        try {
            for (String hash : proof.inclusionProof() == null ? List.<String>of() : proof.inclusionProof()) {
                path.add(Base64.getDecoder().decode(hash));
            }
            Merkle.verifyInclusion(
                    proof.leafIndex(),
                    statement.treeSize(),
                    leafHash(outcome),
                    path,
                    Base64.getDecoder().decode(statement.rootHash() == null ? "" : statement.rootHash()));
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException("the outcome's batch proof is not base64");
        }
    }
}
