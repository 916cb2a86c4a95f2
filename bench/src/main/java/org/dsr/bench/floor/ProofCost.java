package org.dsr.bench.floor;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.tlog.Checkpoint;
import org.dsr.contracts.tlog.CompactRange;
import org.dsr.contracts.tlog.InMemoryTree;
import org.dsr.contracts.tlog.Merkle;
import org.dsr.contracts.tlog.NoteKey;
import org.dsr.contracts.tlog.NoteSigner;
import org.dsr.contracts.tlog.ProofPlan;

/**
 * The CPU cost of a saga's proof with the services' own code, counted at its least, in both proof formats.
 *
 * <ul>
 *   <li>v1: every outcome canonicalised and signed alone (as adapters did), then the completion record that carries
 *       them canonicalised once, signed and hashed for the chain.
 *   <li>v2: the outcomes of a batch of {@link #OUTCOMES_PER_BATCH} canonicalised, hashed as RFC 6962 leaves, built
 *       into a tree and its root signed once; the record canonicalised, signed, hashed as a log leaf and appended to
 *       the log's compact range, with a checkpoint signed every {@link #RECORDS_PER_CHECKPOINT} records.
 * </ul>
 *
 * What the receiver pays to check an outcome is measured apart in both formats (v1: one Ed25519 verification per
 * outcome; v2: the leaf, the tree, the inclusion path stored with the outcome and one verification per batch). The
 * documents are synthetic but shaped like real ones: an outcome of one category with its evidence (~450 bytes
 * canonical), a record carrying the saga's outcomes (~10 KB).
 */
public final class ProofCost {

    public static final int OUTCOMES_PER_SAGA = 16;
    public static final int OUTCOMES_PER_BATCH = 1000;
    public static final int RECORDS_PER_CHECKPOINT = 1000;

    /**
     * Microseconds per outcome and per record in each format, and per outcome checked on receipt.
     *
     * @param outcomeMicros v1: one outcome signed
     * @param recordMicros v1: one record canonicalised, signed, chain-hashed
     * @param v2OutcomeMicros v2: one outcome's leaf and its share of the batch's tree and signature
     * @param v2RecordMicros v2: one record signed, hashed into the log, its share of a checkpoint's signature
     * @param v1CheckMicros v1: one outcome's signature verified on receipt
     * @param v2CheckMicros v2: one outcome's leaf, its share of the batch's tree and verification, its inclusion path
     */
    public record Result(
            int iterations,
            double outcomeMicros,
            double recordMicros,
            int recordBytes,
            double v2OutcomeMicros,
            double v2RecordMicros,
            double v1CheckMicros,
            double v2CheckMicros) {

        public double perSagaMillis() {
            return (OUTCOMES_PER_SAGA * outcomeMicros + recordMicros) / 1000.0;
        }

        public double perSagaMillisV2() {
            return (OUTCOMES_PER_SAGA * v2OutcomeMicros + v2RecordMicros) / 1000.0;
        }
    }

    private ProofCost() {}

    public static Result measure(int iterations) {
        KeyPair keys = Signatures.generate();
        Map<String, Object> outcome = outcome(0);
        Map<String, Object> record = record();
        int recordBytes = CanonicalJson.canonicalize(record).length();
        int records = iterations / 16 + 1;
        int batches = Math.max(1, iterations / OUTCOMES_PER_BATCH);
        // the first round warms the JIT; the second is timed
        for (int round = 0; round < 2; round++) {
            timeOutcomes(outcome, keys, iterations);
            timeRecords(record, keys, records);
            timeOutcomeBatches(keys, batches);
            timeLogRecords(record, keys, records);
            timeChecksV1(outcome, keys, iterations);
            timeChecksV2(keys, batches);
        }
        int outcomesInBatches = batches * OUTCOMES_PER_BATCH;
        return new Result(
                iterations,
                timeOutcomes(outcome, keys, iterations) / 1000.0 / iterations,
                timeRecords(record, keys, records) / 1000.0 / records,
                recordBytes,
                timeOutcomeBatches(keys, batches) / 1000.0 / outcomesInBatches,
                timeLogRecords(record, keys, records) / 1000.0 / records,
                timeChecksV1(outcome, keys, iterations) / 1000.0 / iterations,
                timeChecksV2(keys, batches) / 1000.0 / outcomesInBatches);
    }

    private static long timeOutcomes(Map<String, Object> outcome, KeyPair keys, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            outcome.put("commandId", "c-" + i);
            Signatures.sign(keys.getPrivate(), SignedJson.signingBytes(outcome));
        }
        return System.nanoTime() - t0;
    }

    /** The least a record needs: canonical JSON once, its signature, and the chain hash over those bytes. */
    private static long timeRecords(Map<String, Object> record, KeyPair keys, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            record.put("sequence", i);
            byte[] canonical = SignedJson.signingBytes(record);
            Signatures.sign(keys.getPrivate(), canonical);
            SignedJson.chainHashOfCanonical(new String(canonical, StandardCharsets.UTF_8));
        }
        return System.nanoTime() - t0;
    }

    /** A processor's side of v2: each outcome a leaf, the batch a tree, its root signed once. */
    private static long timeOutcomeBatches(KeyPair keys, int batches) {
        long t0 = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            InMemoryTree tree = batchTree(b);
            Map<String, Object> statement = statement(b, tree);
            Signatures.sign(keys.getPrivate(), SignedJson.signingBytes(statement));
        }
        return System.nanoTime() - t0;
    }

    /** The orchestrator's side of v2: the record signed, hashed as a leaf, appended; a checkpoint now and then. */
    private static long timeLogRecords(Map<String, Object> record, KeyPair keys, int n) {
        NoteSigner log = new NoteSigner("bench/log", NoteKey.Type.ED25519, keys.getPrivate(), keys.getPublic());
        CompactRange range = CompactRange.empty();
        List<byte[]> stored = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            record.put("recordId", "r-" + i);
            byte[] unsigned = SignedJson.signingBytes(record);
            String signature = Signatures.sign(keys.getPrivate(), unsigned);
            record.put("signature", Map.of("keyId", "orchestrator-1", "algorithm", "Ed25519", "value", signature));
            byte[] leaf = CanonicalJson.canonicalize(record).getBytes(StandardCharsets.UTF_8);
            record.remove("signature");
            range.append(Merkle.leafHash(leaf), (id, hash) -> stored.add(hash));
            if ((i + 1) % RECORDS_PER_CHECKPOINT == 0) {
                log.sign(new Checkpoint("bench/log", range.size(), range.root()).text());
            }
        }
        return System.nanoTime() - t0;
    }

    private static long timeChecksV1(Map<String, Object> outcome, KeyPair keys, int n) {
        outcome.put("commandId", "c-check");
        byte[] bytes = SignedJson.signingBytes(outcome);
        String signature = Signatures.sign(keys.getPrivate(), bytes);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Signatures.verifyFast(keys.getPublic(), SignedJson.signingBytes(outcome), signature);
        }
        return System.nanoTime() - t0;
    }

    /** The receiver of a v2 batch: the tree again, one verification, and each outcome's inclusion path. */
    private static long timeChecksV2(KeyPair keys, int batches) {
        InMemoryTree signedTree = batchTree(0);
        Map<String, Object> statement = statement(0, signedTree);
        byte[] statementBytes = SignedJson.signingBytes(statement);
        String signature = Signatures.sign(keys.getPrivate(), statementBytes);
        long t0 = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            InMemoryTree tree = batchTree(0);
            Signatures.verifyFast(keys.getPublic(), SignedJson.signingBytes(statement(0, tree)), signature);
            for (int i = 0; i < OUTCOMES_PER_BATCH; i++) {
                for (byte[] hash : ProofPlan.resolve(ProofPlan.inclusion(i, tree.size()), tree::node)) {
                    Base64.getEncoder().encodeToString(hash);
                }
            }
        }
        return System.nanoTime() - t0;
    }

    private static InMemoryTree batchTree(int batch) {
        InMemoryTree tree = new InMemoryTree();
        for (int i = 0; i < OUTCOMES_PER_BATCH; i++) {
            Map<String, Object> outcome = outcome(i);
            outcome.put("commandId", "c-" + batch + "-" + i);
            tree.append(Merkle.leafHash(CanonicalJson.canonicalize(outcome).getBytes(StandardCharsets.UTF_8)));
        }
        return tree;
    }

    private static Map<String, Object> statement(int batch, InMemoryTree tree) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("processor", "hosting");
        statement.put("batchId", "b-" + batch);
        statement.put("treeSize", tree.size());
        statement.put("rootHash", Base64.getEncoder().encodeToString(tree.root()));
        statement.put("signedAt", "2026-12-08T00:00:00Z");
        return statement;
    }

    static Map<String, Object> outcome(int n) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("outcomeId", UUID.nameUUIDFromBytes(("o" + n).getBytes()).toString());
        o.put("commandId", UUID.nameUUIDFromBytes(("c" + n).getBytes()).toString());
        o.put("requestId", UUID.nameUUIDFromBytes(("r" + n).getBytes()).toString());
        o.put("processor", "hosting");
        o.put("category", "access-logs");
        o.put("action", "ERASE");
        o.put("status", "ERASED");
        o.put("affected", 11);
        o.put("remaining", 0);
        o.put("verification", "count of the subject's rows matching the data map after the action");
        o.put("legalBasis", "GDPR Art. 6(1)(f): security and traffic statistics");
        o.put("completedAt", "2026-11-22T20:00:00.123456Z");
        return o;
    }

    static Map<String, Object> record() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("recordId", UUID.randomUUID().toString());
        r.put("requestId", UUID.randomUUID().toString());
        r.put("subjectPseudonym", "9f2c".repeat(16));
        r.put("type", "ERASURE");
        r.put("jurisdiction", "SE");
        r.put("status", "COMPLETED_WITH_RETENTION");
        r.put("previousHash", "ab".repeat(32));
        List<Object> outcomes = new ArrayList<>();
        for (int i = 0; i < OUTCOMES_PER_SAGA; i++) {
            Map<String, Object> o = outcome(i);
            o.put("signature", Map.of("keyId", "hosting-1", "algorithm", "Ed25519", "value", "s".repeat(88)));
            outcomes.add(o);
        }
        r.put("outcomes", outcomes);
        return r;
    }
}
