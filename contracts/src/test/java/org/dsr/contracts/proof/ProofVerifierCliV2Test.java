package org.dsr.contracts.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on the committed v2 vectors: what an auditor runs. */
class ProofVerifierCliV2Test {

    private static final Path V = V2Vectors.DIRECTORY;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private int run(String... args) {
        return ProofVerifierCli.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static List<String> pins(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--key",
                "orchestrator=" + V.resolve("keys/orchestrator.pub"),
                "--key",
                "crm=" + V.resolve("keys/crm.pub"),
                "--key",
                "payments=" + V.resolve("keys/payments.pub"),
                "--origin",
                V2Vectors.ORIGIN,
                "--witness",
                V2Vectors.WITNESS + "=" + V.resolve("keys/witness.vkey")));
        args.addAll(Arrays.asList(more));
        return args;
    }

    private int verify(Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", file.toString()));
        args.addAll(pins(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void aBundleAndAnExportVerifyWithTheVerifyCommandToldApartByContent() {
        assertThat(verify(V.resolve("bundle-5.json"))).as(output()).isZero();
        assertThat(output())
                .contains("file: v2 proof bundle; witnesses pinned: [witness.example/w1], 1 required")
                .contains("  cosigned by witness witness.example/w1 at ")
                .contains("verified the record of request " + V2Vectors.uuid("request-5") + " at leaf 5");
        bytes.reset();
        assertThat(verify(V.resolve("export-0-7.ndjson"))).as(output()).isZero();
        assertThat(output())
                .contains("file: v2 log export")
                .contains("export: leaves 0 to 6 (7 records)")
                .contains("verified 7 records (leaves 0 to 6) of the log dsr.example/completions, consistent with"
                        + " its checkpoint of size 7, 0 warnings");
    }

    @Test
    void aTruncatedExportExitsOne() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(V.resolve("export-0-7.ndjson")));
        lines.remove(lines.size() - 1);
        Path cut = Files.write(dir.resolve("cut.ndjson"), lines);
        assertThat(verify(cut)).isEqualTo(ProofVerifierCli.FAILED);
        assertThat(output())
                .contains("✗ record 6: truncated export: the export ends after 6 records, its header says 7")
                .contains("verification FAILED");
    }

    @Test
    void verifyConsistencyChecksTwoCheckpoints() {
        List<String> args = new ArrayList<>(List.of(
                "verify-consistency",
                V.resolve("checkpoint-4.note").toString(),
                V.resolve("checkpoint-7.note").toString(),
                V.resolve("consistency-4-7.json").toString()));
        args.addAll(pins());
        assertThat(run(args.toArray(String[]::new))).as(output()).isZero();
        assertThat(output())
                .contains("checkpoint (the older checkpoint): dsr.example/completions, size 4")
                .contains("the log dsr.example/completions of size 7 extends its checkpoint of size 4");
        bytes.reset();
        args.set(1, V.resolve("checkpoint-7.note").toString());
        args.set(2, V.resolve("checkpoint-4.note").toString());
        assertThat(run(args.toArray(String[]::new))).isEqualTo(ProofVerifierCli.FAILED);
        assertThat(output()).contains("✗ inconsistent with the checkpoint: the proof is from size 4 to 7");
    }

    @Test
    void witnessOptionsThatCannotBeMetAreUsageErrors() throws Exception {
        assertThat(verify(V.resolve("bundle-5.json"), "--require-witnesses", "2"))
                .isEqualTo(ProofVerifierCli.USAGE);
        assertThat(output()).contains("error: --require-witnesses 2: only 1 witness is pinned with --witness");
        bytes.reset();
        assertThat(run(
                        "verify",
                        V.resolve("bundle-5.json").toString(),
                        "--key",
                        "orchestrator=" + V.resolve("keys/orchestrator.pub"),
                        "--witness",
                        "witness.example/w2=" + V.resolve("keys/witness.vkey")))
                .isEqualTo(ProofVerifierCli.USAGE);
        assertThat(output())
                .contains("error: --witness witness.example/w2: the verifier key is named witness.example/w1, not"
                        + " witness.example/w2");
        bytes.reset();
        assertThat(run(
                        "verify",
                        V.resolve("bundle-5.json").toString(),
                        "--key",
                        "orchestrator=" + V.resolve("keys/orchestrator.pub"),
                        "--witness",
                        "w1=not-a-vkey"))
                .isEqualTo(ProofVerifierCli.USAGE);
        assertThat(output()).contains("error: --witness w1: not a verifier key: a vkey is <name>+<key ID>+<key>");
    }

    @Test
    void aWitnessPinnedButNotRequiredIsReportedNotEnforced() throws Exception {
        String note = Files.readString(V.resolve("checkpoint-7.note"));
        String bare = note.substring(0, note.lastIndexOf("\u2014 witness.example/w1"));
        String bundle = Files.readString(V.resolve("bundle-5.json"))
                .replace(org.dsr.contracts.json.Json.write(note), org.dsr.contracts.json.Json.write(bare));
        Path file = Files.writeString(dir.resolve("bundle.json"), bundle);
        assertThat(verify(file)).isEqualTo(ProofVerifierCli.FAILED);
        assertThat(output()).contains("missing cosignature: the checkpoint is cosigned by 0 of the 1 pinned witnesses");
        bytes.reset();
        assertThat(verify(file, "--require-witnesses", "0")).as(output()).isZero();
    }

    @Test
    void helpOnTheV2OptionsAndVerifyConsistency() {
        assertThat(run("verify", "--help")).isZero();
        assertThat(output())
                .contains("--origin=<origin>")
                .contains("--witness=<name>=<vkey or file>")
                .contains("--require-witnesses=<n>")
                .contains("v2 proof bundle")
                .contains("v2 log export");
        bytes.reset();
        assertThat(run("verify-consistency", "--help")).isZero();
        assertThat(output())
                .contains("usage: java -jar proof-verifier.jar verify-consistency")
                .contains("<newer checkpoint> <proof>")
                .contains("exit codes:");
        bytes.reset();
        assertThat(run("--help")).isZero();
        assertThat(output()).contains("verify-consistency");
    }
}
