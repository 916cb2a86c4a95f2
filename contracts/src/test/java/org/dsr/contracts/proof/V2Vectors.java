package org.dsr.contracts.proof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CompletionRecordV1.ProcessorResult;
import org.dsr.contracts.event.CompletionRecordV1.RetainedCategory;
import org.dsr.contracts.event.CompletionRecordV2;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeBatchStatementV1;
import org.dsr.contracts.event.OutcomeLeaves;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.event.Retention;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.tlog.Checkpoint;
import org.dsr.contracts.tlog.InMemoryTree;
import org.dsr.contracts.tlog.NodeId;
import org.dsr.contracts.tlog.NoteKey;
import org.dsr.contracts.tlog.NoteSigner;
import org.dsr.contracts.tlog.ProofPlan;
import org.dsr.contracts.tlog.SignedNote;

/**
 * The v2 test vectors under {@code src/test/resources/vectors/v2}: a log of seven v2 completion records (outcomes of
 * two processors, each Merkle-signed once per batch), checkpoints at sizes 4 and 7 signed by the orchestrator and
 * cosigned by a witness, a consistency proof between them, a proof bundle, a whole export and a partial one. Keys
 * come from fixed seeds and Ed25519 is deterministic, so the same bytes come out every time: {@link V2VectorsTest}
 * compares them with the committed files, so any drift of the format fails. Regenerate (only for a deliberate format
 * change, then say so in docs/proof.md) with
 * {@link #main} from the {@code contracts} directory, on the module's test class path (a generator, not a test, so that
 * no test is skipped in CI):
 * {@code ../mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt && java -cp
 * "target/test-classes:target/classes:$(cat target/cp.txt)" org.dsr.contracts.proof.V2Vectors}.
 */
final class V2Vectors {

    static final Path DIRECTORY = Path.of("src/test/resources/vectors/v2");
    static final String ORIGIN = "dsr.example/completions";
    static final String WITNESS = "witness.example/w1";
    static final int SIZE = 7;
    static final int OLDER_SIZE = 4;
    static final long OLDER_COSIGNED_AT = 1_765_000_000L;
    static final long COSIGNED_AT = 1_765_000_600L;

    final KeyPair orchestrator = key("orchestrator");
    final KeyPair crm = key("crm");
    final KeyPair payments = key("payments");
    final KeyPair witness = key("witness");
    final String orchestratorKeyId = VerificationKeys.keyId("orchestrator", orchestrator.getPublic());

    final List<CompletionRecordV2> records = new ArrayList<>();
    /** Each record's canonical JSON: the leaf data. */
    final List<String> leaves = new ArrayList<>();

    final InMemoryTree tree = new InMemoryTree();
    final NoteSigner log;
    final NoteSigner witnessSigner;

    V2Vectors() {
        log = new NoteSigner(ORIGIN, NoteKey.Type.ED25519, orchestrator.getPrivate(), orchestrator.getPublic());
        witnessSigner = new NoteSigner(WITNESS, NoteKey.Type.COSIGNATURE_V1, witness.getPrivate(), witness.getPublic());
        List<ProcessorOutcomeV1> crmOutcomes = new ArrayList<>();
        List<ProcessorOutcomeV1> paymentsOutcomes = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            boolean retained = i % 3 == 2;
            UUID requestId = uuid("request-" + i);
            Instant done = instant(i).plusSeconds(600);
            crmOutcomes.add(new ProcessorOutcomeV1(
                    uuid("crm-outcome-" + i),
                    uuid("crm-command-" + i),
                    requestId,
                    "crm",
                    "profile",
                    Action.ERASE,
                    i == 4 ? OutcomeStatus.NOT_FOUND : OutcomeStatus.ERASED,
                    new Evidence(i == 4 ? 0 : 3, 0, "select count(*) by subject after delete"),
                    null,
                    null,
                    null,
                    done,
                    null));
            paymentsOutcomes.add(new ProcessorOutcomeV1(
                    uuid("payments-outcome-" + i),
                    uuid("payments-command-" + i),
                    requestId,
                    "payments",
                    "invoices",
                    retained ? Action.RETAIN : Action.ERASE,
                    retained ? OutcomeStatus.RETAINED : OutcomeStatus.ERASED,
                    retained ? new Evidence(0, 2, "invoice rows kept") : new Evidence(1, 0, "select after delete"),
                    retained
                            ? new Retention(
                                    "SE Bokföringslagen 7 kap. 2 §", LocalDate.parse("2033-12-31"), List.of("inv-" + i))
                            : null,
                    null,
                    null,
                    done,
                    null));
        }
        List<ProcessorOutcomeV1> crmProven = batch("crm", crm, "crm-batch", crmOutcomes);
        List<ProcessorOutcomeV1> paymentsProven = batch("payments", payments, "payments-batch", paymentsOutcomes);
        for (int i = 0; i < SIZE; i++) {
            ProcessorOutcomeV1 invoices = paymentsProven.get(i);
            boolean retained = invoices.status() == OutcomeStatus.RETAINED;
            CompletionRecordV2 record = new CompletionRecordV2(
                    uuid("record-" + i),
                    1,
                    invoices.requestId(),
                    RequestType.ERASURE,
                    Jurisdiction.SE,
                    Hashes.sha256Hex("subject-" + i),
                    instant(i),
                    instant(i).plusSeconds(86400L * 30),
                    instant(i).plusSeconds(605),
                    retained ? "COMPLETED_WITH_RETENTION" : "COMPLETED",
                    List.of(
                            new ProcessorResult("crm", List.of(crmProven.get(i))),
                            new ProcessorResult("payments", List.of(invoices))),
                    retained
                            ? List.of(new RetainedCategory(
                                    "payments",
                                    "invoices",
                                    invoices.retention().legalBasis(),
                                    invoices.retention().retainUntil()))
                            : List.of(),
                    null);
            append(sign(record));
        }
    }

    /** The outcomes of one batch with their proofs under the statement the processor signed. */
    static List<ProcessorOutcomeV1> batch(
            String processor, KeyPair key, String batch, List<ProcessorOutcomeV1> outcomes) {
        String root =
                Base64.getEncoder().encodeToString(OutcomeLeaves.tree(outcomes).root());
        OutcomeBatchStatementV1 statement = new OutcomeBatchStatementV1(
                processor, uuid(batch), outcomes.size(), root, Instant.parse("2026-01-05T12:00:00Z"), null);
        statement = statement.withSignature(
                SignedJson.sign(statement, VerificationKeys.keyId(processor, key.getPublic()), key.getPrivate()));
        return OutcomeLeaves.withProofs(outcomes, statement);
    }

    CompletionRecordV2 sign(CompletionRecordV2 record) {
        return record.withSignature(SignedJson.sign(record, orchestratorKeyId, orchestrator.getPrivate()));
    }

    private void append(CompletionRecordV2 record) {
        records.add(record);
        String leaf = CanonicalJson.canonicalize(record);
        leaves.add(leaf);
        tree.append(org.dsr.contracts.tlog.Merkle.leafHash(leaf.getBytes(StandardCharsets.UTF_8)));
    }

    /** The checkpoint note of the first {@code size} leaves, signed by the log and cosigned by the witness. */
    String checkpoint(int size, long cosignedAt) {
        Checkpoint checkpoint = new Checkpoint(ORIGIN, size, tree.root(size));
        SignedNote signed = new SignedNote(checkpoint.text(), List.of(log.sign(checkpoint.text())));
        return signed.withSignatures(List.of(witnessSigner.cosign(checkpoint.text(), cosignedAt)))
                .format();
    }

    static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(Base64.getEncoder()::encodeToString).toList();
    }

    String bundle(int index, String checkpoint) {
        return "{\"format\":\"" + LogVerifier.BUNDLE_FORMAT + "\",\"index\":" + index + ",\"record\":"
                + leaves.get(index) + ",\"inclusionProof\":"
                + Json.write(base64(tree.inclusionProof(index, SIZE))) + ",\"checkpoint\":" + Json.write(checkpoint)
                + "}\n";
    }

    /** The export of leaves [start, end) against the checkpoint of the whole log. */
    String export(int start, int end, String checkpoint) {
        List<byte[]> left = new ArrayList<>();
        for (NodeId node : ProofPlan.root(start)) {
            left.add(tree.node(node));
        }
        StringBuilder export = new StringBuilder()
                .append("{\"format\":\"")
                .append(LogVerifier.EXPORT_FORMAT)
                .append("\",\"checkpoint\":")
                .append(Json.write(checkpoint))
                .append(",\"start\":")
                .append(start)
                .append(",\"end\":")
                .append(end)
                .append(",\"left\":")
                .append(Json.write(base64(left)))
                .append(",\"consistency\":")
                .append(Json.write(base64(tree.consistencyProof(end, SIZE))))
                .append("}\n");
        for (int i = start; i < end; i++) {
            export.append(leaves.get(i)).append('\n');
        }
        return export.toString();
    }

    /** Every file, by its path under {@link #DIRECTORY}. */
    Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("keys/orchestrator.pub", Signatures.encode(orchestrator.getPublic()) + "\n");
        files.put("keys/crm.pub", Signatures.encode(crm.getPublic()) + "\n");
        files.put("keys/payments.pub", Signatures.encode(payments.getPublic()) + "\n");
        files.put("keys/witness.vkey", witnessSigner.verifierKey().vkey() + "\n");
        String older = checkpoint(OLDER_SIZE, OLDER_COSIGNED_AT);
        String newer = checkpoint(SIZE, COSIGNED_AT);
        files.put("checkpoint-4.note", older);
        files.put("checkpoint-7.note", newer);
        files.put(
                "consistency-4-7.json",
                "{\"from\":" + OLDER_SIZE + ",\"to\":" + SIZE + ",\"proof\":"
                        + Json.write(base64(tree.consistencyProof(OLDER_SIZE, SIZE))) + "}\n");
        files.put("bundle-5.json", bundle(5, newer));
        files.put("export-0-7.ndjson", export(0, SIZE, newer));
        files.put("export-3-6.ndjson", export(3, 6, newer));
        return files;
    }

    public static void main(String[] args) throws IOException {
        new V2Vectors().write();
    }

    void write() throws IOException {
        for (Map.Entry<String, String> file : files().entrySet()) {
            Path path = DIRECTORY.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    static UUID uuid(String name) {
        return UUID.nameUUIDFromBytes(("dsr test vector " + name).getBytes(StandardCharsets.UTF_8));
    }

    private static Instant instant(int i) {
        return Instant.parse("2026-01-05T09:00:00Z").plusSeconds(3600L * i);
    }

    /** An Ed25519 key pair from a fixed seed: SHA-256 of its name. */
    static KeyPair key(String name) {
        byte[] seed = HexFormat.of().parseHex(Hashes.sha256Hex("dsr test vector key " + name));
        PrivateKey privateKey = Signatures.privateKey(Base64.getEncoder()
                .encodeToString(concat(HexFormat.of().parseHex("302e020100300506032b657004220420"), seed)));
        PublicKey publicKey = Signatures.publicKeyFromRaw(
                new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded());
        return new KeyPair(publicKey, privateKey);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
