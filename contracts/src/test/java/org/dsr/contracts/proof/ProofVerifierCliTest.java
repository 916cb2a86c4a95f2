package org.dsr.contracts.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofVerifierCliTest {

    @TempDir
    Path dir;

    private final ProofChain chain = ProofChain.of(4);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Path keys;
    private Path export;

    @BeforeEach
    void writeChain() throws Exception {
        keys = chain.writeKeys(dir.resolve("keys"), false);
        export = ProofChain.write(dir.resolve("chain.json"), chain.export());
    }

    private int run(String... args) {
        return ProofVerifierCli.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aValidChainExitsZero() {
        assertThat(run("verify", export.toString(), "--keys", keys.toString())).as(output()).isZero();
        assertThat(output()).contains("keys: " + chain.orchestratorKeyId)
                .contains("✓ #4 request " + chain.records.get(3).requestId() + " v1 COMPLETED signed by "
                        + chain.orchestratorKeyId + " chain ok")
                .contains("verified 4 records, chain intact from #1 to #4, 12 warnings");
    }

    @Test
    void processorKeysInTheDirectoryAreUsed() throws Exception {
        chain.writeKeys(keys, true);
        assertThat(run("verify", export.toString(), "--keys", keys.toString())).isZero();
        assertThat(output()).contains("8 warnings").doesNotContain("not provided");
    }

    @Test
    void otherPublicKeysBesideThemArePassedOver() throws Exception {
        // the local stack keeps its token issuer's RSA public key in the same directory
        var rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
        java.nio.file.Files.writeString(keys.resolve("jwt-issuer.pub"), "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(rsa.getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        assertThat(run("verify", export.toString(), "--keys", keys.toString())).as(output()).isZero();
    }

    @Test
    void oneKeyFileCanBeNamed() {
        assertThat(run("verify", export.toString(), "--key", keys.resolve("orchestrator.pub").toString())).isZero();
    }

    @Test
    void aTamperedExportExitsOneNamingTheRecord() throws Exception {
        String tampered = chain.export().replace("\"rowsAffected\":3", "\"rowsAffected\":2");
        Files.writeString(export, tampered);

        assertThat(run("verify", export.toString(), "--keys", keys.toString())).isEqualTo(1);
        assertThat(output()).contains("✗ #1 request " + chain.records.get(0).requestId() + ": bad signature")
                .contains("verification FAILED at #1");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(run()).isEqualTo(2);
        assertThat(output()).contains("usage: java -jar proof-verifier.jar verify");
        assertThat(run("verify", export.toString())).isEqualTo(2);
        assertThat(run("check", export.toString(), "--keys", keys.toString())).isEqualTo(2);
        assertThat(run("verify", dir.resolve("missing.json").toString(), "--keys", keys.toString())).isEqualTo(2);
        assertThat(run("verify", export.toString(), "--keys", dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(run("verify", export.toString(), "--keys", empty.toString())).isEqualTo(2);
        assertThat(run("verify", export.toString(), "--keys")).isEqualTo(2);
        assertThat(run("verify", export.toString(), "--keys", keys.toString(), "--fast")).isEqualTo(2);
        Files.writeString(empty.resolve("bad.pub"), "not a key");
        assertThat(run("verify", export.toString(), "--keys", empty.toString())).isEqualTo(2);
        assertThat(run("--help")).isZero();
    }
}
