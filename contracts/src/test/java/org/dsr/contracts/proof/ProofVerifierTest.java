package org.dsr.contracts.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.CompletionRecordV1.ProcessorResult;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.proof.ProofReport.Check;
import org.dsr.contracts.proof.ProofReport.Problem;
import org.junit.jupiter.api.Test;

class ProofVerifierTest {

    private final ProofChain chain = ProofChain.of(6);

    private ProofReport verify(String export) {
        return new ProofVerifier(chain.keys()).verify(export);
    }

    /** The export with record {@code index} (0-based) changed as text. */
    private String tamper(int index, UnaryOperator<String> change) {
        List<String> records = new ArrayList<>(chain.canonical);
        String changed = change.apply(records.get(index));
        assertThat(changed).as("the mutation changes the record").isNotEqualTo(records.get(index));
        records.set(index, changed);
        return ProofChain.export(records);
    }

    private static Problem problem(ProofReport report) {
        assertThat(report.ok()).as("verification fails: %s", report.lines()).isFalse();
        return report.problem().orElseThrow();
    }

    private void assertNames(Problem p, int index) {
        CompletionRecordV1 r = chain.records.get(index);
        assertThat(p.sequence()).isEqualTo(r.sequence());
        assertThat(p.requestId()).isEqualTo(r.requestId());
    }

    @Test
    void theKeyIdIsDerivedAsTheOrchestratorDerivesIt() {
        String expected = "orchestrator-"
                + Hashes.sha256Hex(chain.orchestrator.getPublic().getEncoded()).substring(0, 12);
        assertThat(chain.orchestratorKeyId).isEqualTo(expected).matches("orchestrator-[0-9a-f]{12}");
    }

    @Test
    void aValidChainVerifiesWithOneLinePerRecordAndASummary() {
        ProofReport report = verify(chain.export());

        assertThat(report.ok()).as(String.join("\n", report.lines())).isTrue();
        assertThat(report.verified()).hasSize(6);
        // per record: crm and email-delivery unsigned, payments signed with a key not provided
        assertThat(report.warnings()).hasSize(18);
        assertThat(report.warnings())
                .extracting(ProofReport.Warning::message)
                .contains(
                        "outcome crm/profile: unsigned outcome",
                        "outcome payments/invoices: outcome signature not checked: key " + chain.paymentsKeyId
                                + " not provided");
        CompletionRecordV1 third = chain.records.get(2);
        assertThat(report.lines())
                .contains("✓ #3 request " + third.requestId() + " v1 COMPLETED_WITH_RETENTION" + " signed by "
                        + chain.orchestratorKeyId + " chain ok");
        assertThat(report.summary()).isEqualTo("verified 6 records, chain intact from #1 to #6, 18 warnings");
        assertThat(String.join("\n", report.lines()))
                .as("no record content beyond ids is printed")
                .doesNotContain(third.subjectPseudonym())
                .doesNotContain("Bokföringslagen");
    }

    @Test
    void processorSignaturesAreCheckedWhenTheirKeyIsProvided() {
        VerificationKeys keys = VerificationKeys.builder()
                .add("orchestrator", chain.orchestrator.getPublic())
                .add("payments", chain.payments.getPublic())
                .build();
        ProofReport report = new ProofVerifier(keys).verify(chain.export());

        assertThat(report.ok()).isTrue();
        assertThat(report.warnings()).hasSize(12).allMatch(w -> w.message().endsWith("unsigned outcome"));
    }

    @Test
    void strictModeFailsTheFirstRecordWithAnUnsignedOutcome() {
        VerificationKeys keys = VerificationKeys.builder()
                .add("orchestrator", chain.orchestrator.getPublic())
                .add("payments", chain.payments.getPublic())
                .build();

        Problem p = problem(new ProofVerifier(keys, ProofVerifier.Mode.STRICT).verify(chain.export()));

        assertThat(p.check()).isEqualTo(Check.OUTCOME_SIGNATURE);
        assertThat(p.sequence()).isEqualTo(1);
        assertThat(p.message()).startsWith("outcome crm/profile: unsigned outcome");
    }

    @Test
    void strictModePassesAChainEveryProcessorSigned() {
        ProofChain signed = ProofChain.of(3, true);
        VerificationKeys keys = VerificationKeys.builder()
                .add("orchestrator", signed.orchestrator.getPublic())
                .add("payments", signed.payments.getPublic())
                .add("crm", signed.crm.getPublic())
                .add("email-delivery", signed.emailDelivery.getPublic())
                .build();

        ProofReport report = new ProofVerifier(keys, ProofVerifier.Mode.STRICT).verify(signed.export());

        assertThat(report.ok()).as(String.join("\n", report.lines())).isTrue();
        assertThat(report.verified()).hasSize(3);
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void aKeyIsPinnedToTheOwnerItsFileIsNamedFor(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path keysDir = chain.writeKeys(dir, true);

        VerificationKeys pinned = VerificationKeys.builder()
                .pinned("orchestrator", keysDir.resolve("orchestrator.pub"))
                .build();
        assertThat(pinned.keyIds()).containsExactly(chain.orchestratorKeyId);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> VerificationKeys.builder().pinned("orchestrator", keysDir.resolve("payments.pub")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key file payments.pub is named for payments, not for orchestrator");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> VerificationKeys.builder().pinned("../orchestrator", keysDir.resolve("orchestrator.pub")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChangedOutcomeUnderAValidOrchestratorSignatureFailsTheProcessorSignature() {
        ProofChain c = new ProofChain();
        c.append(false);
        CompletionRecordV1 base = c.records.get(0);
        List<ProcessorResult> processors = base.processors().stream()
                .map(pr -> new ProcessorResult(
                        pr.processor(),
                        pr.outcomes().stream()
                                .map(o -> o.signature() == null
                                        ? o
                                        : new ProcessorOutcomeV1(
                                                o.outcomeId(),
                                                o.commandId(),
                                                o.requestId(),
                                                o.processor(),
                                                o.category(),
                                                o.action(),
                                                o.status(),
                                                new Evidence(1, 1, "changed"),
                                                o.retention(),
                                                o.expectedCompletion(),
                                                o.failure(),
                                                o.completedAt(),
                                                o.signature()))
                                .toList()))
                .toList();
        c.appendRaw(withProcessors(base, processors, base.status()));
        VerificationKeys keys = VerificationKeys.builder()
                .add("orchestrator", c.orchestrator.getPublic())
                .add("payments", c.payments.getPublic())
                .build();

        Problem p = problem(new ProofVerifier(keys).verify(c.export()));

        assertThat(p.check()).isEqualTo(Check.OUTCOME_SIGNATURE);
        assertThat(p.sequence()).isEqualTo(2);
        assertThat(p.message()).contains("payments/invoices").contains(c.paymentsKeyId);
    }

    @Test
    void aFlippedCharacterInARecordIdBreaksTheSignature() {
        String recordId = chain.records.get(1).recordId().toString();
        String flipped = (recordId.charAt(0) == 'a' ? "b" : "a") + recordId.substring(1);

        Problem p = problem(verify(tamper(1, r -> r.replace(recordId, flipped))));

        assertThat(p.check()).isEqualTo(Check.SIGNATURE);
        assertThat(p.position()).isEqualTo(2);
        assertNames(p, 1);
        assertThat(p.message()).contains(chain.orchestratorKeyId);
    }

    @Test
    void aChangedEvidenceCountBreaksTheSignature() {
        Problem p = problem(verify(tamper(3, r -> r.replace("\"rowsAffected\":3", "\"rowsAffected\":0"))));

        assertThat(p.check()).isEqualTo(Check.SIGNATURE);
        assertNames(p, 3);
    }

    @Test
    void insertedWhitespaceIsNotTheCanonicalForm() {
        Problem p = problem(verify(tamper(4, r -> r.replaceFirst(",", ", "))));

        assertThat(p.check()).isEqualTo(Check.CANONICAL);
        assertNames(p, 4);
        assertThat(verify(tamper(0, r -> r + "\n")).ok())
                .as("whitespace between records is the array's")
                .isTrue();
        assertThat(problem(verify(tamper(5, r -> r.replace("}", " }")))).check())
                .isEqualTo(Check.CANONICAL);
    }

    @Test
    void everySingleByteChangeInARecordIsDetected() {
        String record = chain.canonical.get(2);
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            char replacement = Character.isDigit(c)
                    ? (c == '9' ? '8' : (char) (c + 1))
                    : Character.isLetter(c) ? (c == 'a' ? 'b' : 'a') : ' ';
            if (replacement == c) {
                continue;
            }
            int at = i;
            String changed = tamper(2, r -> r.substring(0, at) + replacement + r.substring(at + 1));
            ProofReport report = verify(changed);
            assertThat(report.ok()).as("change at %d", i).isFalse();
            assertThat(report.problem().orElseThrow().position())
                    .as("change at %d", i)
                    .isEqualTo(3);
        }
    }

    @Test
    void aRemovedRecordBreaksTheChainAtTheNextOne() {
        List<String> records = new ArrayList<>(chain.canonical);
        records.remove(2);

        Problem p = problem(verify(ProofChain.export(records)));

        assertThat(p.check()).isEqualTo(Check.CHAIN);
        assertNames(p, 3);
        assertThat(p.message()).contains("#2").contains("removed, reordered or replaced");
    }

    @Test
    void reorderedRecordsBreakTheChain() {
        List<String> records = new ArrayList<>(chain.canonical);
        Collections.swap(records, 1, 2);

        Problem p = problem(verify(ProofChain.export(records)));

        assertThat(p.check()).isEqualTo(Check.CHAIN);
        assertThat(p.position()).isEqualTo(2);
        assertNames(p, 2);
    }

    @Test
    void aRecordSignedByAnotherKeyUnderTheOrchestratorsKeyIdFails() {
        ProofChain c = ProofChain.of(2);
        c.append(false, c.orchestratorKeyId, Signatures.generate());
        c.append(false);

        Problem p = problem(new ProofVerifier(c.keys()).verify(c.export()));

        assertThat(p.check()).isEqualTo(Check.SIGNATURE);
        assertThat(p.sequence()).isEqualTo(3);
        assertThat(p.requestId()).isEqualTo(c.records.get(2).requestId());
    }

    @Test
    void anUnknownKeyIdIsNamed() {
        ProofChain c = ProofChain.of(1);
        KeyPair rotated = Signatures.generate();
        String rotatedId = VerificationKeys.keyId("orchestrator", rotated.getPublic());
        c.append(false, rotatedId, rotated);

        Problem p = problem(new ProofVerifier(c.keys()).verify(c.export()));

        assertThat(p.check()).isEqualTo(Check.UNKNOWN_KEY);
        assertThat(p.sequence()).isEqualTo(2);
        assertThat(p.message()).contains(rotatedId).contains(c.orchestratorKeyId);
    }

    @Test
    void aProcessorKeyCannotSignACompletionRecord() {
        ProofChain c = ProofChain.of(1);
        c.append(false, c.paymentsKeyId, c.payments);
        VerificationKeys keys = VerificationKeys.builder()
                .add("orchestrator", c.orchestrator.getPublic())
                .add("payments", c.payments.getPublic())
                .build();

        Problem p = problem(new ProofVerifier(keys).verify(c.export()));

        assertThat(p.check()).isEqualTo(Check.SIGNATURE);
        assertThat(p.message()).contains("not an orchestrator key");
    }

    @Test
    void aSignedButWrongPreviousHashBreaksTheChain() {
        CompletionRecordV1 third = chain.records.get(2);
        CompletionRecordV1 relinked = relink(third, third.sequence(), "f".repeat(64));
        List<String> records = new ArrayList<>(chain.canonical);
        records.set(2, CanonicalJson.canonicalize(relinked));

        Problem p = problem(verify(ProofChain.export(records)));

        assertThat(p.check()).isEqualTo(Check.CHAIN);
        assertNames(p, 2);
        assertThat(p.message()).contains("ffffffffffffffff").contains("#2");
    }

    @Test
    void theFirstRecordOfTheChainLinksToZeros() {
        CompletionRecordV1 first = relink(chain.records.get(0), 1, "1".repeat(64));

        Problem p = problem(verify(ProofChain.export(List.of(CanonicalJson.canonicalize(first)))));

        assertThat(p.check()).isEqualTo(Check.CHAIN);
        assertThat(p.message()).contains("64 zeros");
    }

    @Test
    void aSkippedSequenceIsDetectedEvenWhenTheHashLinks() {
        CompletionRecordV1 second = chain.records.get(1);
        CompletionRecordV1 renumbered = relink(second, 3, second.previousRecordHash());

        Problem p = problem(
                verify(ProofChain.export(List.of(chain.canonical.get(0), CanonicalJson.canonicalize(renumbered)))));

        assertThat(p.check()).isEqualTo(Check.SEQUENCE);
        assertThat(p.sequence()).isEqualTo(3);
    }

    @Test
    void aTimeRangeExportStartsMidWayAndTrustsItsFirstLink() {
        ProofReport report = verify(ProofChain.export(chain.canonical.subList(2, 6)));

        assertThat(report.ok()).isTrue();
        assertThat(report.lines()).anyMatch(l -> l.contains("starts mid-way in the chain at #3"));
        assertThat(report.summary()).startsWith("verified 4 records, chain intact from #3 to #6 (starts mid-way");
    }

    @Test
    void theVersionsOfOneRequestVerifyAcrossTheRecordsBetweenThem() {
        ProofChain c = ProofChain.of(2);
        CompletionRecordV1 first = c.records.get(0);
        CompletionRecordV1 deferred = new CompletionRecordV1(
                UUID.randomUUID(),
                0,
                2,
                first.requestId(),
                first.requestType(),
                first.jurisdiction(),
                first.subjectPseudonym(),
                first.receivedAt(),
                first.dueAt(),
                first.completedAt().plusSeconds(86400),
                "COMPLETED",
                List.of(new ProcessorResult(
                        "crm", List.of(first.processors().get(0).outcomes().get(0)))),
                List.of(),
                null,
                null);
        c.appendRaw(deferred);
        String perRequest = ProofChain.export(List.of(c.canonical.get(0), c.canonical.get(2)));

        ProofReport report = new ProofVerifier(c.keys()).verify(perRequest);

        assertThat(report.ok()).as(String.join("\n", report.lines())).isTrue();
        assertThat(report.summary())
                .contains("of request " + first.requestId())
                .contains("1 gap not checkable")
                .doesNotContain("chain intact");
        List<String> skippedVersion = List.of(c.canonical.get(0), c.canonical.get(2), c.canonical.get(2));
        assertThat(new ProofVerifier(c.keys())
                        .verify(ProofChain.export(skippedVersion))
                        .ok())
                .isFalse();
    }

    @Test
    void theStatusMustAgreeWithTheOutcomes() {
        CompletionRecordV1 retention = chain.records.get(2);
        CompletionRecordV1 plain = chain.records.get(0);
        ProcessorOutcomeV1 failed = ProofChain.outcome(
                plain.requestId(),
                "crm",
                "profile",
                Action.ERASE,
                OutcomeStatus.FAILED,
                new Evidence(0, 3, "delete failed"),
                null,
                plain.completedAt());
        ProcessorOutcomeV1 foreign = ProofChain.outcome(
                UUID.randomUUID(),
                "crm",
                "profile",
                Action.ERASE,
                OutcomeStatus.ERASED,
                new Evidence(1, 0, "x"),
                null,
                plain.completedAt());

        assertContent(withProcessors(retention, retention.processors(), "COMPLETED"), "is RETAINED");
        assertContent(
                new CompletionRecordV1(
                        retention.recordId(),
                        0,
                        1,
                        retention.requestId(),
                        retention.requestType(),
                        retention.jurisdiction(),
                        retention.subjectPseudonym(),
                        retention.receivedAt(),
                        retention.dueAt(),
                        retention.completedAt(),
                        retention.status(),
                        retention.processors(),
                        List.of(),
                        null,
                        null),
                "missing from retained");
        assertContent(
                withProcessors(plain, List.of(new ProcessorResult("crm", List.of(failed))), "COMPLETED"), "is FAILED");
        assertContent(
                withProcessors(plain, List.of(new ProcessorResult("crm", List.of(foreign))), "COMPLETED"),
                "another request");
        assertContent(withProcessors(plain, plain.processors(), "NEEDS_ATTENTION"), "NEEDS_ATTENTION");
    }

    private void assertContent(CompletionRecordV1 unsigned, String expected) {
        ProofChain c = new ProofChain();
        c.appendRaw(unsigned);
        Problem p = problem(new ProofVerifier(c.keys()).verify(c.export()));
        assertThat(p.check()).isEqualTo(Check.CONTENT);
        assertThat(p.sequence()).isEqualTo(1);
        assertThat(p.message()).contains(expected);
    }

    @Test
    void anObjectWithRecordsIsAcceptedAndGarbageIsNot() {
        assertThat(verify("{\"exportedAt\":\"x\",\"records\":" + chain.export() + "}")
                        .ok())
                .isTrue();
        assertThat(problem(verify("[]")).check()).isEqualTo(Check.EXPORT);
        assertThat(problem(verify("{\"items\":[]}")).check()).isEqualTo(Check.EXPORT);
        assertThat(problem(verify("not json")).check()).isIn(Check.EXPORT, Check.PARSE);
        assertThat(problem(verify("[" + chain.canonical.get(0) + ",{\"sequence\":2"))
                        .position())
                .isEqualTo(2);
        assertThat(problem(verify("[" + chain.canonical.get(0) + ",42]")).position())
                .isEqualTo(2);
        Problem duplicate = problem(verify(tamper(1, r -> "{\"status\":\"COMPLETED\"," + r.substring(1))));
        assertThat(duplicate.check()).isEqualTo(Check.PARSE);
        assertThat(duplicate.position()).isEqualTo(2);
    }

    @Test
    void aRecordIsCheckedAsItsBytesAreInTheFile() {
        String record = chain.canonical.get(2);
        assertThat(record)
                .as("record #3 keeps invoices under a Swedish legal basis")
                .contains("Bokföringslagen");

        String tampered = record.replace("Bokföringslagen", "Bok\\u00f6ringslagen");
        Problem escaped = problem(verify(tamper(2, r -> tampered)));
        assertThat(escaped.check())
                .as("the same string, another escape form: the signature would verify over the parsed value")
                .isEqualTo(Check.CANONICAL);
        assertThat(escaped.check().description()).isEqualTo("changed bytes");
        int at = tampered.substring(0, tampered.indexOf("\\u00f6")).getBytes(StandardCharsets.UTF_8).length + 1;
        assertThat(escaped.message())
                .isEqualTo("the bytes are not the RFC 8785 canonical form (first difference at byte " + at + " of "
                        + tampered.getBytes(StandardCharsets.UTF_8).length
                        + " of the record): it was changed after it was signed");
        assertNames(escaped, 2);
        assertThat(problem(verify(tamper(2, r -> r.replace("/", "\\/")))).check())
                .as("an escaped solidus")
                .isIn(Check.CANONICAL);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotRepaired() {
        byte[] export = chain.export().getBytes(StandardCharsets.UTF_8);
        byte[] o = "ö".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(export, o);
        export[at + 1] = (byte) 0xff; // c3 ff: not UTF-8; a lenient decoder would read U+FFFD
        ProofReport report = new ProofVerifier(chain.keys()).verify(export);
        Problem p = problem(report);
        assertThat(p.check()).isEqualTo(Check.PARSE);
        assertThat(p.position()).isEqualTo(3);
        assertThat(p.message()).isEqualTo("not I-JSON (RFC 7493): not UTF-8: a byte sequence is not UTF-8");
    }

    @Test
    void aRecordThatIsNotIJsonIsRefusedWithTheReason() {
        Problem lone = problem(verify(tamper(2, r -> r.replace("Bokföringslagen", "Bok\\ud800ringslagen"))));
        assertThat(lone.check()).isEqualTo(Check.PARSE);
        assertThat(lone.position()).isEqualTo(3);
        assertThat(lone.message()).startsWith("not I-JSON (RFC 7493): invalid Unicode: a lone surrogate at line 1");

        Problem duplicate = problem(verify(tamper(1, r -> "{\"status\":\"COMPLETED\"," + r.substring(1))));
        assertThat(duplicate.message())
                .startsWith("not I-JSON (RFC 7493): duplicate key: a member name repeats at line 1, column ");

        Problem number = problem(verify(tamper(1, r -> r.replace("\"rowsAffected\":3", "\"rowsAffected\":1e999"))));
        assertThat(number.message())
                .startsWith("not I-JSON (RFC 7493): number outside I-JSON's range: beyond the range of an IEEE 754"
                        + " double at line 1, column ");

        Problem twice = problem(verify("{\"records\":" + chain.export() + ",\"records\":[]}"));
        assertThat(twice.check()).isEqualTo(Check.EXPORT);
        assertThat(twice.message()).isEqualTo("the export has two \"records\" members");
        Problem surrogate = problem(verify(chain.export() + "\ud800"));
        assertThat(surrogate.check()).isEqualTo(Check.EXPORT);
        assertThat(surrogate.message()).isEqualTo("the export holds a lone surrogate");
    }

    @Test
    void deepNestingIsRefusedWithTheBoundNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Problem inRecord = problem(verify(tamper(1, r -> r.replace("\"retained\":[]", "\"retained\":" + deep))));
        assertThat(inRecord.check()).isEqualTo(Check.PARSE);
        assertThat(inRecord.position()).isEqualTo(2);
        assertThat(inRecord.message())
                .isEqualTo("not I-JSON (RFC 7493): nested too deep: more than 64 levels of arrays and objects");
        assertThat(problem(verify("[" + deep + "]")).check()).isEqualTo(Check.PARSE);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private CompletionRecordV1 relink(CompletionRecordV1 r, long sequence, String previousHash) {
        CompletionRecordV1 unsigned = new CompletionRecordV1(
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
                previousHash,
                null);
        return unsigned.withSignature(
                SignedJson.sign(unsigned, chain.orchestratorKeyId, chain.orchestrator.getPrivate()));
    }

    private static CompletionRecordV1 withProcessors(
            CompletionRecordV1 r, List<ProcessorResult> processors, String status) {
        return new CompletionRecordV1(
                r.recordId(),
                0,
                r.version(),
                r.requestId(),
                r.requestType(),
                r.jurisdiction(),
                r.subjectPseudonym(),
                r.receivedAt(),
                r.dueAt(),
                r.completedAt(),
                status,
                processors,
                "COMPLETED".equals(status) ? List.of() : r.retained(),
                null,
                null);
    }
}
