package org.dsr.request;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.testsupport.TestSigningKeys;

/**
 * The orchestrator's side in tests: completion records numbered and linked as the orchestrator's one hash chain does
 * (one chain per test JVM, as the service under test sees one), signed with the orchestrator's test key that the test
 * configuration pins; outcomes signed with their processor's test key.
 */
final class TestChain {

    static final TestSigningKeys.Pair ORCHESTRATOR = TestSigningKeys.of("orchestrator");

    private static long sequence;
    private static String head = CompletionRecordV1.GENESIS_HASH;

    private TestChain() {}

    /** The record as the next of the chain (sequence and previousRecordHash set), signed; the chain advances. */
    static synchronized CompletionRecordV1 append(CompletionRecordV1 unsigned) {
        CompletionRecordV1 record = sign(at(unsigned, sequence + 1, head), ORCHESTRATOR);
        sequence++;
        head = SignedJson.chainHash(record);
        return record;
    }

    /** Takes the next sequence number without a record for it (a gap the service sees until it is filled). */
    static synchronized long reserve() {
        return ++sequence;
    }

    /** Sets the chain's head to a record made outside {@link #append} at the current sequence. */
    static synchronized void advanceTo(CompletionRecordV1 record) {
        if (record.sequence() != sequence) {
            throw new IllegalStateException("not the chain's current sequence");
        }
        head = SignedJson.chainHash(record);
    }

    static synchronized long sequence() {
        return sequence;
    }

    static synchronized String head() {
        return head;
    }

    /** The record at a given place of the chain, unsigned. */
    static CompletionRecordV1 at(CompletionRecordV1 r, long sequence, String previousRecordHash) {
        return new CompletionRecordV1(
                r.recordId(),
                sequence,
                r.version(),
                r.requestId(),
                r.requestType(),
                r.jurisdiction(),
                r.subjectPseudonym(),
                r.receivedAt(),
                r.dueAt(),
                r.completedAt(),
                r.status(),
                r.processors(),
                r.retained(),
                previousRecordHash,
                null);
    }

    static CompletionRecordV1 sign(CompletionRecordV1 unsigned, TestSigningKeys.Pair key) {
        CompletionRecordV1 bare = unsigned.withSignature(null);
        return bare.withSignature(SignedJson.sign(bare, key.keyId(), key.privateKey()));
    }

    /** A record of a request, not yet placed in the chain nor signed. */
    static CompletionRecordV1 record(
            UUID requestId,
            String pseudonym,
            int version,
            String status,
            Instant completedAt,
            List<ProcessorOutcomeV1> hostingOutcomes,
            boolean retainsInvoices) {
        Instant at = completedAt.truncatedTo(ChronoUnit.MICROS);
        return new CompletionRecordV1(
                UUID.randomUUID(),
                0,
                version,
                requestId,
                RequestType.ERASURE,
                Jurisdiction.SE,
                pseudonym,
                at.minusSeconds(60),
                at.plus(Duration.ofDays(30)),
                at,
                status,
                hostingOutcomes.isEmpty()
                        ? List.of()
                        : List.of(new CompletionRecordV1.ProcessorResult("hosting", hostingOutcomes)),
                retainsInvoices
                        ? List.of(new CompletionRecordV1.RetainedCategory(
                                "hosting", "invoices", "Bokföringslagen", LocalDate.of(2032, 12, 31)))
                        : List.of(),
                null,
                null);
    }

    /** The outcome signed with its processor's test key. */
    static ProcessorOutcomeV1 signed(ProcessorOutcomeV1 outcome) {
        return signedAs(outcome, TestSigningKeys.of(outcome.processor()));
    }

    static ProcessorOutcomeV1 signedAs(ProcessorOutcomeV1 outcome, TestSigningKeys.Pair key) {
        ProcessorOutcomeV1 bare = outcome.withSignature(null);
        return bare.withSignature(SignedJson.sign(bare, key.keyId(), key.privateKey()));
    }
}
