package org.dsr.bench.micro;

import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.CompletionRecordV1.ProcessorResult;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.proof.VerificationKeys;

/**
 * A completion-record chain built the way the orchestrator builds it, for the micro-benchmarks: each record carries
 * the outcomes of the four sample processors, four categories each ({@value #CATEGORIES_PER_PROCESSOR} x 4 = 16
 * outcomes, as {@code ProofCost} counts a saga), every outcome signed by its processor, the record signed by the
 * orchestrator and linked to the one before by its hash. Synthetic data, no personal data.
 */
public final class SampleChain {

    static final List<String> PROCESSORS = List.of("hosting", "email-delivery", "analytics", "payments");
    static final int CATEGORIES_PER_PROCESSOR = 4;

    final KeyPair orchestrator = Signatures.generate();
    final String orchestratorKeyId = VerificationKeys.keyId("orchestrator", orchestrator.getPublic());
    private final Map<String, KeyPair> processorKeys = new LinkedHashMap<>();
    final List<CompletionRecordV1> records = new ArrayList<>();
    final List<String> canonical = new ArrayList<>();

    SampleChain() {
        PROCESSORS.forEach(p -> processorKeys.put(p, Signatures.generate()));
    }

    /** A chain of {@code count} records from #1. */
    static SampleChain of(int count) {
        SampleChain chain = new SampleChain();
        for (int i = 0; i < count; i++) {
            chain.append();
        }
        return chain;
    }

    /** The next record, not yet signed by the orchestrator nor added to the chain. */
    CompletionRecordV1 unsignedNext() {
        long sequence = records.size() + 1;
        String previous = records.isEmpty()
                ? CompletionRecordV1.GENESIS_HASH
                : SignedJson.chainHashOfCanonical(canonical.get(canonical.size() - 1));
        UUID requestId = UUID.randomUUID();
        Instant received = Instant.parse("2026-01-05T09:00:00Z").plusSeconds(60 * sequence);
        Instant done = received.plusSeconds(30);
        List<ProcessorResult> results = new ArrayList<>();
        for (Map.Entry<String, KeyPair> processor : processorKeys.entrySet()) {
            String keyId = VerificationKeys.keyId(
                    processor.getKey(), processor.getValue().getPublic());
            List<ProcessorOutcomeV1> outcomes = new ArrayList<>();
            for (int c = 1; c <= CATEGORIES_PER_PROCESSOR; c++) {
                ProcessorOutcomeV1 outcome = new ProcessorOutcomeV1(
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        requestId,
                        processor.getKey(),
                        "category-" + c,
                        Action.ERASE,
                        OutcomeStatus.ERASED,
                        new Evidence(3, 0, "count of the subject's rows matching the data map after the action"),
                        null,
                        null,
                        null,
                        done,
                        null);
                outcomes.add(outcome.withSignature(
                        SignedJson.sign(outcome, keyId, processor.getValue().getPrivate())));
            }
            results.add(new ProcessorResult(processor.getKey(), outcomes));
        }
        return new CompletionRecordV1(
                UUID.randomUUID(),
                sequence,
                1,
                requestId,
                RequestType.ERASURE,
                Jurisdiction.SE,
                "ab".repeat(32),
                received,
                received.plusSeconds(86400 * 30),
                done.plusSeconds(1),
                "COMPLETED",
                results,
                List.of(),
                previous,
                null);
    }

    CompletionRecordV1 append() {
        CompletionRecordV1 record = unsignedNext();
        record = record.withSignature(SignedJson.sign(record, orchestratorKeyId, orchestrator.getPrivate()));
        records.add(record);
        canonical.add(CanonicalJson.canonicalize(record));
        return record;
    }

    /** The export as GET /api/v1/completions returns it. */
    String export() {
        return "[" + String.join(",", canonical) + "]";
    }

    /** The orchestrator's and every processor's public key, each pinned for its owner. */
    VerificationKeys keys() {
        VerificationKeys.Builder keys = VerificationKeys.builder().add("orchestrator", orchestrator.getPublic());
        processorKeys.forEach((owner, pair) -> keys.add(owner, pair.getPublic()));
        return keys.build();
    }
}
