package org.dsr.bench.floor;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.json.CanonicalJson;

/**
 * The CPU cost of a saga's proof with the services' own code, counted at its least: every outcome canonicalised and
 * signed alone (as the adapters do), then the completion record that carries them canonicalised once, signed and
 * hashed for the chain. The documents are synthetic but shaped like real ones: an outcome with four categories of
 * evidence (~450 bytes canonical), a record carrying the saga's outcomes (~10 KB).
 */
public final class ProofCost {

    public static final int OUTCOMES_PER_SAGA = 16;

    /** Microseconds per outcome and per record, and the saga's total in milliseconds. */
    public record Result(int iterations, double outcomeMicros, double recordMicros, int recordBytes) {

        public double perSagaMillis() {
            return (OUTCOMES_PER_SAGA * outcomeMicros + recordMicros) / 1000.0;
        }
    }

    private ProofCost() {}

    public static Result measure(int iterations) {
        KeyPair keys = Signatures.generate();
        Map<String, Object> outcome = outcome(0);
        Map<String, Object> record = record();
        int recordBytes = CanonicalJson.canonicalize(record).length();
        // the first round warms the JIT; the second is timed
        timeOutcomes(outcome, keys, iterations);
        timeRecords(record, keys, iterations / 16 + 1);
        double outcomeMicros = timeOutcomes(outcome, keys, iterations) / 1000.0 / iterations;
        int records = iterations / 16 + 1;
        double recordMicros = timeRecords(record, keys, records) / 1000.0 / records;
        return new Result(iterations, outcomeMicros, recordMicros, recordBytes);
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
