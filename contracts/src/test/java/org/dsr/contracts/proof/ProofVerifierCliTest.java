package org.dsr.contracts.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsr.contracts.crypto.Signatures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofVerifierCliTest {

    @TempDir
    Path dir;

    /** crm and email-delivery do not sign (an operator's resolution looks like this); payments does. */
    private final ProofChain chain = ProofChain.of(4);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Path keys;
    private Path export;

    @BeforeEach
    void writeChain() throws Exception {
        keys = chain.writeKeys(dir.resolve("keys"), true);
        export = ProofChain.write(dir.resolve("chain.json"), chain.export());
    }

    private int run(String... args) {
        return ProofVerifierCli.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String key(String owner) {
        return owner + "=" + keys.resolve(owner + ".pub");
    }

    @Test
    void aChainWhoseOutcomesAreAllSignedExitsZeroInStrictMode() throws Exception {
        ProofChain signed = ProofChain.of(4, true);
        Path all = signed.writeAllKeys(dir.resolve("all"));
        Path file = ProofChain.write(dir.resolve("signed.json"), signed.export());

        assertThat(run(
                        "verify",
                        file.toString(),
                        "--key",
                        "orchestrator=" + all.resolve("orchestrator.pub"),
                        "--key",
                        "crm=" + all.resolve("crm.pub"),
                        "--key",
                        "email-delivery=" + all.resolve("email-delivery.pub"),
                        "--key",
                        "payments=" + all.resolve("payments.pub")))
                .as(output())
                .isZero();
        assertThat(output())
                .contains("mode: strict")
                .contains("keys: " + signed.orchestratorKeyId)
                .contains("✓ #4 request " + signed.records.get(3).requestId() + " v1 COMPLETED signed by "
                        + signed.orchestratorKeyId + " chain ok")
                .contains("verified 4 records, chain intact from #1 to #4, 0 warnings");
    }

    @Test
    void strictByDefaultAnUnsignedOutcomeFailsTheRecord() {
        assertThat(run("verify", export.toString(), "--key", key("orchestrator"), "--key", key("payments")))
                .isEqualTo(1);
        assertThat(output())
                .contains("✗ #1 request " + chain.records.get(0).requestId()
                        + ": bad outcome signature: outcome crm/profile: unsigned outcome (strict")
                .contains("verification FAILED at #1");
    }

    @Test
    void strictAnOutcomeWhoseProcessorKeyWasNotGivenFails() throws Exception {
        ProofChain signed = ProofChain.of(1, true);
        Path all = signed.writeAllKeys(dir.resolve("all"));
        Path file = ProofChain.write(dir.resolve("signed.json"), signed.export());

        assertThat(run(
                        "verify",
                        file.toString(),
                        "--key",
                        "orchestrator=" + all.resolve("orchestrator.pub"),
                        "--key",
                        "crm=" + all.resolve("crm.pub"),
                        "--key",
                        "payments=" + all.resolve("payments.pub")))
                .isEqualTo(1);
        assertThat(output())
                .contains("outcome email-delivery/newsletter: signed with key email-delivery-")
                .contains("which was not given");
    }

    @Test
    void allowUnsignedTurnsUnsignedOutcomesIntoWarnings() {
        assertThat(run(
                        "verify",
                        export.toString(),
                        "--key",
                        key("orchestrator"),
                        "--key",
                        key("payments"),
                        "--allow-unsigned"))
                .as(output())
                .isZero();
        assertThat(output()).contains("mode: lenient").contains("8 warnings").doesNotContain("not provided");
        bytes.reset();
        // without payments' key its signatures are not checked: a warning too
        assertThat(run("verify", export.toString(), "--key", key("orchestrator"), "--allow-unsigned"))
                .isZero();
        assertThat(output()).contains("12 warnings").contains("not provided");
    }

    @Test
    void theShortFormNamesTheOwnerByTheFileName() {
        assertThat(run(
                        "verify",
                        export.toString(),
                        "--key",
                        keys.resolve("orchestrator.pub").toString(),
                        "--allow-unsigned"))
                .as(output())
                .isZero();
    }

    @Test
    void aKeyFileNamedForAnotherOwnerIsRefused() {
        // payments' key offered as the orchestrator's: a swapped file is a usage error, nothing is verified
        assertThat(run(
                        "verify",
                        export.toString(),
                        "--key",
                        "orchestrator=" + keys.resolve("payments.pub"),
                        "--allow-unsigned"))
                .isEqualTo(2);
        assertThat(output())
                .contains("key file payments.pub is named for payments, not for orchestrator")
                .doesNotContain("✓");
    }

    @Test
    void aProcessorsKeyUnderANameThatStartsLikeTheOrchestratorsSignsNoRecord() throws Exception {
        // before, any owner starting with "orchestrator" (orchestrator-2.pub, say) was taken for the orchestrator
        ProofChain forged = ProofChain.of(1);
        String otherId = VerificationKeys.keyId("orchestrator-2", forged.payments.getPublic());
        forged.append(false, otherId, forged.payments);
        Files.writeString(keys.resolve("orchestrator-2.pub"), Signatures.encode(forged.payments.getPublic()));
        Files.writeString(keys.resolve("orchestrator.pub"), Signatures.encode(forged.orchestrator.getPublic()));
        Path file = ProofChain.write(dir.resolve("forged.json"), forged.export());

        assertThat(run(
                        "verify",
                        file.toString(),
                        "--key",
                        key("orchestrator"),
                        "--key",
                        key("orchestrator-2"),
                        "--allow-unsigned"))
                .isEqualTo(1);
        assertThat(output()).contains("✗ #2").contains("which is not an orchestrator key");
    }

    @Test
    void aKeysFileListsOwnersAndKeys() throws Exception {
        Path list = dir.resolve("trusted.properties");
        Files.writeString(
                list,
                "# the keys this audit trusts\n"
                        + "orchestrator=file:keys/orchestrator.pub\n"
                        + "dsr.trust.keys.payments=" + Signatures.encode(chain.payments.getPublic()) + "\n\n");

        assertThat(run("verify", export.toString(), "--keys-file", list.toString(), "--allow-unsigned"))
                .as(output())
                .isZero();
        assertThat(output())
                .contains("keys: " + chain.orchestratorKeyId + ", " + chain.paymentsKeyId)
                .contains("8 warnings");

        bytes.reset();
        Files.writeString(list, "orchestrator=file:keys/payments.pub\n");
        assertThat(run("verify", export.toString(), "--keys-file", list.toString()))
                .isEqualTo(2);
        assertThat(output()).contains("named for payments, not for orchestrator");
        bytes.reset();
        Files.writeString(list, "Orchestrator=" + Signatures.encode(chain.orchestrator.getPublic()) + "\n");
        assertThat(run("verify", export.toString(), "--keys-file", list.toString()))
                .isEqualTo(2);
        bytes.reset();
        Files.writeString(list, "orchestrator=not a key\n");
        assertThat(run("verify", export.toString(), "--keys-file", list.toString()))
                .isEqualTo(2);
        assertThat(output()).contains("line 1: not a base64 X.509 Ed25519 public key");
    }

    @Test
    void aTamperedExportExitsOneNamingTheRecord() throws Exception {
        String tampered = chain.export().replace("\"rowsAffected\":3", "\"rowsAffected\":2");
        Files.writeString(export, tampered);

        assertThat(run("verify", export.toString(), "--key", key("orchestrator"), "--allow-unsigned"))
                .isEqualTo(1);
        assertThat(output())
                .contains("✗ #1 request " + chain.records.get(0).requestId() + ": bad signature")
                .contains("verification FAILED at #1");
    }

    @Test
    void aDirectoryOfKeysIsNoLongerTrusted() {
        assertThat(run("verify", export.toString(), "--keys", keys.toString())).isEqualTo(2);
        assertThat(output()).contains("--keys <dir> is no longer accepted").doesNotContain("✓");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(run()).isEqualTo(2);
        assertThat(output()).contains("usage: java -jar proof-verifier.jar verify");
        assertThat(run("verify", export.toString())).isEqualTo(2);
        assertThat(run("check", export.toString(), "--key", key("orchestrator")))
                .isEqualTo(2);
        assertThat(run("verify", dir.resolve("missing.json").toString(), "--key", key("orchestrator")))
                .isEqualTo(2);
        assertThat(run("verify", export.toString(), "--key", "orchestrator=" + dir.resolve("nope.pub")))
                .isEqualTo(2);
        assertThat(run("verify", export.toString(), "--key")).isEqualTo(2);
        assertThat(run("verify", export.toString(), "--key", keys.resolve("orchestrator.pub") + ".b64"))
                .isEqualTo(2);
        assertThat(run("verify", export.toString(), "--key", key("orchestrator"), "--fast"))
                .isEqualTo(2);
        assertThat(run(
                        "verify",
                        export.toString(),
                        "--keys-file",
                        dir.resolve("none").toString()))
                .isEqualTo(2);
        Path empty = Files.writeString(dir.resolve("empty.properties"), "# nothing\n");
        assertThat(run("verify", export.toString(), "--keys-file", empty.toString()))
                .isEqualTo(2);
        Files.writeString(keys.resolve("bad.pub"), "not a key");
        assertThat(run("verify", export.toString(), "--key", "bad=" + keys.resolve("bad.pub")))
                .isEqualTo(2);
        assertThat(run("--help")).isZero();
    }

    @Test
    void helpOnEveryCommandIsGeneratedAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(output())
                .contains("usage: java -jar proof-verifier.jar [-h] [COMMAND]")
                .contains("verify");
        bytes.reset();
        assertThat(run("verify", "--help")).isZero();
        assertThat(output())
                .contains("usage: java -jar proof-verifier.jar verify")
                .contains("--key=<owner>=<file>")
                .contains("--keys-file=<file>")
                .contains("--allow-unsigned")
                .contains("strict (the default)")
                .contains("exit codes:")
                .contains("2   usage error")
                .doesNotContain("--keys=<dir>");
        bytes.reset();
        assertThat(run("help", "verify")).isZero();
        assertThat(output()).contains("usage: java -jar proof-verifier.jar verify");
    }

    @Test
    void aBadOptionNamesItselfAndExitsTwoBeforeAnythingIsVerified() {
        assertThat(run("verify", export.toString(), "--key", key("orchestrator"), "--allow-unsignd"))
                .isEqualTo(2);
        assertThat(output())
                .contains("error: Unknown option: '--allow-unsignd'")
                .contains("usage:")
                .doesNotContain("keys: ");
        bytes.reset();
        assertThat(run("verify", export.toString(), "--key")).isEqualTo(2);
        assertThat(output()).contains("error: Missing required parameter for option '--key'");
        bytes.reset();
        assertThat(run("check", export.toString())).isEqualTo(2);
        assertThat(output()).contains("error: Unmatched arguments");
    }

    @Test
    void strictIsTheDefaultAndKeysAreReadInTheOrderGiven() throws Exception {
        Path list = Files.writeString(dir.resolve("trusted.properties"), "payments=file:keys/payments.pub\n");
        assertThat(run(
                        "verify",
                        export.toString(),
                        "--keys-file",
                        list.toString(),
                        "--key",
                        key("orchestrator"),
                        "--allow-unsigned"))
                .as(output())
                .isZero();
        assertThat(output()).contains("keys: " + chain.paymentsKeyId + ", " + chain.orchestratorKeyId);
        bytes.reset();
        assertThat(run("verify", export.toString(), "--key", key("orchestrator")))
                .isEqualTo(1);
        assertThat(output()).contains("mode: strict");
    }
}
