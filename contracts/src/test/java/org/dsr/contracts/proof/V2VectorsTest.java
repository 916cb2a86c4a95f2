package org.dsr.contracts.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.event.CompletionRecordV1.ProcessorResult;
import org.dsr.contracts.event.CompletionRecordV2;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.proof.ProofReport.Check;
import org.dsr.contracts.proof.ProofReport.Problem;
import org.dsr.contracts.tlog.NoteKey;
import org.junit.jupiter.api.Test;

/** The committed v2 vectors verify, are what the generator makes today, and every kind of tampering fails by name. */
class V2VectorsTest {

    private static final V2Vectors VECTORS = new V2Vectors();

    private static String read(String name) {
        try {
            return Files.readString(V2Vectors.DIRECTORY.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("missing vector " + name, e);
        }
    }

    private static VerificationKeys keys(String... owners) {
        VerificationKeys.Builder keys = VerificationKeys.builder();
        for (String owner : owners) {
            keys.pinned(owner, V2Vectors.DIRECTORY.resolve("keys/" + owner + ".pub"));
        }
        return keys.build();
    }

    private static NoteKey witness() {
        try {
            return LogVerifier.parseVkey(read("keys/witness.vkey"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static LogVerifier verifier() {
        return verifier(new LogVerifier.Trust(Optional.of(V2Vectors.ORIGIN), List.of(witness()), 1));
    }

    private static LogVerifier verifier(LogVerifier.Trust trust) {
        return new LogVerifier(keys("orchestrator", "crm", "payments"), ProofVerifier.Mode.STRICT, trust);
    }

    private static LogReport export(LogVerifier verifier, String export) {
        return verifier.verifyExport(new ByteArrayInputStream(export.getBytes(StandardCharsets.UTF_8)));
    }

    private static Problem problem(LogReport report) {
        assertThat(report.ok()).as("fails: %s", report.lines()).isFalse();
        return report.problem().orElseThrow();
    }

    private static List<String> lines(String export) {
        return new ArrayList<>(Arrays.asList(export.split("\n")));
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    /** The full export with its header changed. */
    private static String withHeader(UnaryOperator<String> change) {
        List<String> lines = lines(read("export-0-7.ndjson"));
        lines.set(0, change.apply(lines.get(0)));
        return join(lines);
    }

    // --- the vectors are the format ---

    @Test
    void theCommittedVectorsAreWhatTheFormatMakesToday() {
        Map<String, String> files = VECTORS.files();
        assertThat(files).hasSize(10);
        for (Map.Entry<String, String> file : files.entrySet()) {
            assertThat(read(file.getKey()))
                    .as("%s: the v2 format drifted from the committed vectors (docs/proof.md)", file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    // --- good paths ---

    @Test
    void theBundleVerifiesAlone() {
        LogReport report = verifier().verifyBundle(read("bundle-5.json").getBytes(StandardCharsets.UTF_8));

        assertThat(report.ok()).as(String.join("\n", report.lines())).isTrue();
        assertThat(report.verified()).isEqualTo(1);
        assertThat(report.lines())
                .contains("  cosigned by witness witness.example/w1 at 2025-12-06T05:56:40Z")
                .anyMatch(line -> line.startsWith("checkpoint: dsr.example/completions, size 7, root "))
                .anyMatch(line -> line.startsWith("✓ leaf 5 request " + V2Vectors.uuid("request-5")));
        assertThat(report.summary())
                .isEqualTo("verified the record of request " + V2Vectors.uuid("request-5")
                        + " at leaf 5 of the log dsr.example/completions (size 7), 0 warnings");
    }

    @Test
    void theWholeExportAndAPartOfItVerifyAgainstTheCheckpoint() {
        LogReport whole = export(verifier(), read("export-0-7.ndjson"));
        assertThat(whole.ok()).as(String.join("\n", whole.lines())).isTrue();
        assertThat(whole.verified()).isEqualTo(7);
        assertThat(whole.summary())
                .isEqualTo("verified 7 records (leaves 0 to 6) of the log dsr.example/completions, consistent with"
                        + " its checkpoint of size 7, 0 warnings");

        LogReport part = export(verifier(), read("export-3-6.ndjson"));
        assertThat(part.ok()).as(String.join("\n", part.lines())).isTrue();
        assertThat(part.verified()).isEqualTo(3);
    }

    @Test
    void twoCheckpointsAreConsistent() {
        LogReport report = verifier()
                .verifyConsistency(
                        read("checkpoint-4.note"),
                        read("checkpoint-7.note"),
                        read("consistency-4-7.json").getBytes(StandardCharsets.UTF_8));

        assertThat(report.ok()).as(String.join("\n", report.lines())).isTrue();
        assertThat(report.summary())
                .isEqualTo("the log dsr.example/completions of size 7 extends its checkpoint of size 4"
                        + " (append-only, consistent)");
    }

    @Test
    void withoutAPinnedOriginOrWitnessTheCheckpointStillNeedsTheOrchestratorsKey() {
        LogReport report = verifier(LogVerifier.Trust.none())
                .verifyBundle(read("bundle-5.json").getBytes());
        assertThat(report.ok()).isTrue();
        assertThat(report.lines())
                .contains("  · 1 other signature (cosignatures?) not checked: no witness pinned (--witness)");
    }

    // --- an export that is not the log ---

    @Test
    void aTruncatedExportFails() {
        List<String> lines = lines(read("export-0-7.ndjson"));
        lines.remove(lines.size() - 1);
        Problem p = problem(export(verifier(), join(lines)));
        assertThat(p.check()).isEqualTo(Check.TRUNCATED);
        assertThat(p.message())
                .isEqualTo("the export ends after 6 records, its header says 7 (leaves 0 to 6): records were cut off");
    }

    @Test
    void aTruncatedExportWhoseHeaderWasShortenedFailsConsistency() {
        List<String> lines = lines(withHeader(h -> h.replace("\"end\":7", "\"end\":6")));
        lines.remove(lines.size() - 1);
        Problem p = problem(export(verifier(), join(lines)));
        assertThat(p.check()).isEqualTo(Check.CONSISTENCY);
        assertThat(p.check().description()).isEqualTo("inconsistent with the checkpoint");
        assertThat(p.message())
                .startsWith("the tree of the 6 leaves (\"left\" and the records) is not the checkpoint's");
    }

    @Test
    void aRemovedOrReorderedRecordFails() {
        List<String> removed = lines(read("export-0-7.ndjson"));
        removed.remove(3);
        assertThat(problem(export(verifier(), join(removed))).check()).isEqualTo(Check.TRUNCATED);
        List<String> removedAndHidden = lines(withHeader(h -> h.replace("\"end\":7", "\"end\":6")));
        removedAndHidden.remove(3);
        assertThat(problem(export(verifier(), join(removedAndHidden))).check()).isEqualTo(Check.CONSISTENCY);

        List<String> reordered = lines(read("export-0-7.ndjson"));
        Collections.swap(reordered, 2, 3);
        Problem p = problem(export(verifier(), join(reordered)));
        assertThat(p.check()).isEqualTo(Check.CONSISTENCY);
        assertThat(p.message())
                .endsWith("a record was removed, reordered, added or changed, or \"left\" or"
                        + " \"consistency\" is wrong");
    }

    @Test
    void anEditedRecordFailsAtItsLeaf() {
        List<String> lines = lines(read("export-0-7.ndjson"));
        lines.set(3, lines.get(3).replace("\"rowsAffected\":3", "\"rowsAffected\":0"));
        LogReport report = export(verifier(), join(lines));
        Problem p = problem(report);
        assertThat(p.check()).isEqualTo(Check.SIGNATURE);
        assertThat(p.sequence()).isEqualTo(2L);
        assertThat(p.position()).isEqualTo(3);
        assertThat(report.verified()).isEqualTo(2);
        assertThat(report.summary())
                .isEqualTo("verification FAILED at leaf 2 (record 3 in the file); 2 records verified before it, 0"
                        + " warnings");

        List<String> escaped = lines(read("export-0-7.ndjson"));
        escaped.set(3, escaped.get(3).replace("Bokföringslagen", "Bok\\u00f6ringslagen"));
        Problem e = problem(export(verifier(), join(escaped)));
        assertThat(e.check()).isEqualTo(Check.CANONICAL);
        assertThat(e.check().description()).isEqualTo("changed bytes");
    }

    @Test
    void aWrongLeftOrConsistencyFails() {
        String part = read("export-3-6.ndjson");
        String header = lines(part).get(0);
        String firstLeft = header.substring(header.indexOf("\"left\":[\"") + 9, header.indexOf("\"left\":[\"") + 53);
        Problem left = problem(export(verifier(), part.replace(firstLeft, "A".repeat(43) + "=")));
        assertThat(left.check()).isEqualTo(Check.CONSISTENCY);

        Problem count = problem(export(verifier(), part.replace("\"left\":[\"" + firstLeft + "\",", "\"left\":[")));
        assertThat(count.check()).isEqualTo(Check.EXPORT);
        assertThat(count.message())
                .isEqualTo("\"left\" has 1 hashes; a range starting at leaf 3 needs 2 (one per perfect subtree of"
                        + " [0, 3))");

        String consistency = header.substring(header.indexOf("\"consistency\":[\"") + 16);
        consistency = consistency.substring(0, 44);
        Problem wrong = problem(export(verifier(), part.replace(consistency, "A".repeat(43) + "=")));
        assertThat(wrong.check()).isEqualTo(Check.CONSISTENCY);

        Problem notBase64 = problem(export(verifier(), part.replace(consistency, "not a hash")));
        assertThat(notBase64.check()).isEqualTo(Check.EXPORT);
        assertThat(notBase64.message()).isEqualTo("\"consistency\" holds something that is not a base64 SHA-256 hash");
    }

    @Test
    void moreRecordsThanTheHeaderSaysOrAnEmptyLineFail() {
        List<String> lines = lines(read("export-3-6.ndjson"));
        lines.add(lines.get(1));
        assertThat(problem(export(verifier(), join(lines))).message())
                .isEqualTo("the export holds more records than its header's range [3, 6)");
        List<String> gap = lines(read("export-3-6.ndjson"));
        gap.add(2, "");
        assertThat(problem(export(verifier(), join(gap))).message())
                .isEqualTo("an empty line where a record should be");
        assertThat(problem(export(verifier(), "")).message()).isEqualTo("the export is empty");
        assertThat(problem(export(verifier(), "{\"format\":\"dsr.completion-log.v1\"}\n"))
                        .message())
                .isEqualTo("not a log export: line 1's format is not \"dsr.completion-log.v2\"");
    }

    @Test
    void theExportIsReadAsAStreamAndStopsAtTheFirstBadRecord() {
        List<String> lines = lines(read("export-0-7.ndjson"));
        lines.set(2, lines.get(2).replace("COMPLETED", "COMPLETEd"));
        byte[] head = join(lines.subList(0, 3)).getBytes(StandardCharsets.UTF_8);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        LogReport report = verifier().verifyExport(new SequenceInputStream(new ByteArrayInputStream(head), endless));
        assertThat(problem(report).position())
                .as("no need to read the rest first")
                .isEqualTo(2);
    }

    // --- a checkpoint that is not the log's ---

    @Test
    void aCheckpointNotSignedByThePinnedOrchestratorKeyFails() {
        VerificationKeys otherOrchestrator = VerificationKeys.builder()
                .add("orchestrator", Signatures.generate().getPublic())
                .add("crm", VECTORS.crm.getPublic())
                .add("payments", VECTORS.payments.getPublic())
                .build();
        Problem p = problem(new LogVerifier(otherOrchestrator, ProofVerifier.Mode.STRICT, LogVerifier.Trust.none())
                .verifyBundle(read("bundle-5.json").getBytes()));
        assertThat(p.check()).isEqualTo(Check.CHECKPOINT);
        assertThat(p.message()).startsWith("the checkpoint carries no signature of the pinned orchestrator key [");

        Problem changed = problem(export(verifier(), withHeader(h -> h.replace("\\n7\\n", "\\n8\\n"))));
        assertThat(changed.check()).isEqualTo(Check.CHECKPOINT);
        assertThat(changed.message()).contains("does not verify: it was changed, or signed by another key");
    }

    @Test
    void aCheckpointOfAnotherOriginFails() {
        Problem p = problem(verifier(new LogVerifier.Trust(Optional.of("dsr.example/other"), List.of(), 0))
                .verifyBundle(read("bundle-5.json").getBytes()));
        assertThat(p.check()).isEqualTo(Check.CHECKPOINT);
        assertThat(p.message())
                .isEqualTo("the checkpoint is of origin \"dsr.example/completions\", not of the pinned origin"
                        + " \"dsr.example/other\"");
    }

    @Test
    void aMissingOrBadCosignatureFailsWhenWitnessesAreRequired() {
        String note = read("checkpoint-7.note");
        String withoutCosignature = note.substring(0, note.lastIndexOf("\u2014 witness.example/w1"));
        Problem missing = problem(
                export(verifier(), withHeader(h -> h.replace(Json.write(note), Json.write(withoutCosignature)))));
        assertThat(missing.check()).isEqualTo(Check.WITNESS);
        assertThat(missing.message())
                .isEqualTo("the checkpoint is cosigned by 0 of the 1 pinned witnesses required (no cosignature of"
                        + " witness.example/w1)");

        String older = read("checkpoint-4.note");
        String moved = withoutCosignature + older.substring(older.lastIndexOf("\u2014 witness.example/w1"));
        Problem bad = problem(verifier()
                .verifyConsistency(older, moved, read("consistency-4-7.json").getBytes()));
        assertThat(bad.check()).isEqualTo(Check.WITNESS);
        assertThat(bad.message())
                .isEqualTo("the newer checkpoint's cosignature by witness witness.example/w1 does not verify: it was"
                        + " changed, or made for another checkpoint");

        NoteKey stranger = new NoteKey(
                "witness.example/w2",
                NoteKey.Type.COSIGNATURE_V1,
                Signatures.generate().getPublic());
        Problem other = problem(verifier(new LogVerifier.Trust(Optional.empty(), List.of(witness(), stranger), 2))
                .verifyBundle(read("bundle-5.json").getBytes()));
        assertThat(other.check()).isEqualTo(Check.WITNESS);
        assertThat(other.message()).endsWith("(no cosignature of witness.example/w2)");
    }

    // --- a bundle that does not prove its record ---

    @Test
    void aBundleWithAWrongIndexOrProofFailsInclusion() {
        String bundle = read("bundle-5.json");
        Problem index = problem(verifier()
                .verifyBundle(bundle.replace("\"index\":5", "\"index\":4").getBytes()));
        assertThat(index.check()).isEqualTo(Check.INCLUSION);
        assertThat(index.check().description()).isEqualTo("not in the log");
        assertThat(index.message())
                .isEqualTo("the inclusion proof does not lead from the record to the checkpoint's root (leaf 4 is not"
                        + " in the tree of size 7 with this root): the record, its index or the proof was changed");
        Problem beyond = problem(verifier()
                .verifyBundle(bundle.replace("\"index\":5", "\"index\":7").getBytes()));
        assertThat(beyond.message()).isEqualTo("leaf 7 is beyond the checkpoint's tree of size 7");
        String proof = bundle.substring(bundle.lastIndexOf("\"inclusionProof\":[\"") + 19);
        Problem path = problem(verifier()
                .verifyBundle(bundle.replace(proof.substring(0, 44), "A".repeat(43) + "=")
                        .getBytes()));
        assertThat(path.check()).isEqualTo(Check.INCLUSION);
    }

    @Test
    void aBundleThatIsNotIJsonOrNotABundleIsRefused() {
        String bundle = read("bundle-5.json");
        Problem duplicate = problem(verifier().verifyBundle(("{\"index\":5," + bundle.substring(1)).getBytes()));
        assertThat(duplicate.check()).isEqualTo(Check.EXPORT);
        assertThat(duplicate.message())
                .isEqualTo("the bundle is not I-JSON (RFC 7493): duplicate key: a member name repeats at line 1,"
                        + " column 43");
        Problem format = problem(verifier()
                .verifyBundle(
                        bundle.replace("proof-bundle.v2", "proof-bundle.v1").getBytes()));
        assertThat(format.message()).isEqualTo("not a proof bundle: its format is not \"dsr.proof-bundle.v2\"");
    }

    // --- outcome batch proofs inside a record ---

    /** Bundle 5 with its record replaced by {@code record}, re-signed by the orchestrator. */
    private static byte[] bundleWith(CompletionRecordV2 record) {
        String bundle = read("bundle-5.json");
        return bundle.replace(VECTORS.leaves.get(5), CanonicalJson.canonicalize(VECTORS.sign(record)))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static CompletionRecordV2 withOutcome(int processor, UnaryOperator<ProcessorOutcomeV1> change) {
        CompletionRecordV2 r = VECTORS.records.get(5);
        List<ProcessorResult> processors = new ArrayList<>(r.processors());
        ProcessorResult result = processors.get(processor);
        processors.set(
                processor,
                new ProcessorResult(
                        result.processor(),
                        List.of(change.apply(result.outcomes().get(0)))));
        return new CompletionRecordV2(
                r.recordId(),
                r.version(),
                r.requestId(),
                r.requestType(),
                r.jurisdiction(),
                r.subjectPseudonym(),
                r.receivedAt(),
                r.dueAt(),
                r.completedAt(),
                r.status(),
                processors,
                r.retained(),
                null);
    }

    @Test
    void anOutcomeChangedUnderItsBatchProofFailsEvenInARecordTheOrchestratorSigned() {
        CompletionRecordV2 changed = withOutcome(
                0,
                o -> new ProcessorOutcomeV1(
                                o.outcomeId(),
                                o.commandId(),
                                o.requestId(),
                                o.processor(),
                                o.category(),
                                o.action(),
                                o.status(),
                                new Evidence(0, 0, "select count(*) by subject after delete"),
                                o.retention(),
                                o.expectedCompletion(),
                                o.failure(),
                                o.completedAt(),
                                null)
                        .withBatchProof(o.batchProof()));
        Problem p = problem(verifier().verifyBundle(bundleWith(changed)));
        assertThat(p.check()).isEqualTo(Check.BATCH_PROOF);
        assertThat(p.message())
                .isEqualTo("outcome crm/profile: not in the batch its processor signed (leaf 5 is not in the tree of"
                        + " size 7 with this root): the outcome or its proof was changed");
    }

    @Test
    void aBatchStatementSignedByAnotherKeyOrAKeyNotGivenFails() {
        ProcessorOutcomeV1 payments =
                VECTORS.records.get(5).processors().get(1).outcomes().get(0);
        CompletionRecordV2 crmSignedByPayments = withOutcome(0, o -> o.withBatchProof(payments.batchProof()));
        Problem other = problem(verifier().verifyBundle(bundleWith(crmSignedByPayments)));
        assertThat(other.check()).isEqualTo(Check.BATCH_PROOF);
        assertThat(other.message())
                .isEqualTo("outcome crm/profile: its batch statement was signed for another processor");

        LogVerifier withoutCrm = new LogVerifier(
                keys("orchestrator", "payments"),
                ProofVerifier.Mode.STRICT,
                new LogVerifier.Trust(Optional.empty(), List.of(), 0));
        Problem strict = problem(withoutCrm.verifyBundle(read("bundle-5.json").getBytes()));
        assertThat(strict.check()).isEqualTo(Check.BATCH_PROOF);
        assertThat(strict.message())
                .startsWith("outcome crm/profile: its batch statement is signed with key crm-")
                .endsWith(", which was not given (strict: give every processor's key)");

        LogReport lenient = new LogVerifier(
                        keys("orchestrator", "payments"), ProofVerifier.Mode.LENIENT, LogVerifier.Trust.none())
                .verifyBundle(read("bundle-5.json").getBytes());
        assertThat(lenient.ok()).isTrue();
        assertThat(lenient.warnings()).isEqualTo(1);
        assertThat(lenient.lines())
                .anyMatch(line ->
                        line.startsWith("  ! leaf 5 outcome crm/profile: batch signature" + " not checked: key crm-"));
    }

    // --- two checkpoints that are not one log ---

    @Test
    void checkpointsThatAreNotConsistentFail() {
        String older = read("checkpoint-4.note");
        String newer = read("checkpoint-7.note");
        byte[] proof = read("consistency-4-7.json").getBytes();
        Problem swapped = problem(verifier().verifyConsistency(newer, older, proof));
        assertThat(swapped.check()).isEqualTo(Check.CONSISTENCY);
        assertThat(swapped.message()).isEqualTo("the proof is from size 4 to 7, the checkpoints are of sizes 7 and 4");

        String json = read("consistency-4-7.json");
        String first = json.substring(json.indexOf("[\"") + 2, json.indexOf("[\"") + 46);
        Problem wrong = problem(verifier()
                .verifyConsistency(
                        older, newer, json.replace(first, "A".repeat(43) + "=").getBytes()));
        assertThat(wrong.check()).isEqualTo(Check.CONSISTENCY);
        assertThat(wrong.message()).startsWith("the log of size 7 does not extend the log of size 4 (");
        assertThat(wrong.message()).endsWith("): two versions of the log, or a wrong proof");
    }
}
