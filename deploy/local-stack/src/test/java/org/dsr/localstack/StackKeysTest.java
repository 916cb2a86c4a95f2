package org.dsr.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.crypto.Signatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One key set per service: what each service's directory holds, and the keys each one is told to trust. */
class StackKeysTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final List<String> PROCESSORS = List.of("hosting", "email-delivery", "analytics", "payments");

    @TempDir
    Path tmp;

    private StackConfig config() {
        return StackConfig.defaults(REPO).withBaseDir(tmp.resolve("state"));
    }

    private static Set<String> files(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return new TreeSet<>(list.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void eachServiceHoldsOnlyItsOwnSecretsInAnOwnerOnlyDirectory() throws Exception {
        StackConfig config = config();
        StackKeys keys = new StackKeys(config);
        keys.ensure();

        assertEquals(Set.of("data-key-kek.key", "pseudonym-secret.key"), files(keys.dirOf("request-service")));
        assertEquals(Set.of("orchestrator-signing.key", "orchestrator.pub"), files(keys.dirOf("erasure-orchestrator")));
        Set<String> connector = new TreeSet<>(Set.of("data-keys-client.secret"));
        PROCESSORS.forEach(p -> connector.addAll(List.of(p + "-signing.key", p + ".pub")));
        assertEquals(connector, files(keys.dirOf("connector")));
        assertEquals(Set.of("jwt-issuer.key", "jwt-issuer.pub"), files(keys.launcherDir()));
        assertEquals(Set.of("witness-signing.key", "witness.pub"), files(keys.dirOf("witness")));
        assertTrue(files(keys.publicDir())
                .containsAll(List.of("jwt-issuer.pub", "orchestrator.pub", "hosting.pub", "witness.pub")));
        assertTrue(files(keys.publicDir()).stream().noneMatch(f -> f.endsWith(".key")), "public keys only");

        assertEquals("rwx------", permissions(config.keysDir()));
        for (String dir : List.of("request-service", "erasure-orchestrator", "connector", "launcher", "witness")) {
            assertEquals("rwx------", permissions(keys.dirOf(dir)), dir);
            for (String file : files(keys.dirOf(dir))) {
                if (file.endsWith(".key") || file.endsWith(".secret")) {
                    assertEquals("rw-------", permissions(keys.dirOf(dir).resolve(file)), dir + "/" + file);
                }
            }
        }
    }

    @Test
    void theLauncherPinsEachPublicKeyInTheServicesThatCheckIt() throws Exception {
        StackConfig config = config();
        StackKeys keys = new StackKeys(config);
        keys.ensure();
        String orchestrator = Files.readString(
                        keys.dirOf("erasure-orchestrator").resolve("orchestrator.pub"))
                .strip();
        String hosting =
                Files.readString(keys.dirOf("connector").resolve("hosting.pub")).strip();

        Map<String, String> ofOrchestrator = keys.trustOf(config.service("erasure-orchestrator"));
        assertEquals(
                Set.copyOf(PROCESSORS.stream().map(p -> "dsr.trust.keys." + p).toList()), ofOrchestrator.keySet());
        assertEquals(hosting, ofOrchestrator.get("dsr.trust.keys.hosting"));
        assertEquals(Map.of("dsr.trust.keys.orchestrator", orchestrator), keys.trustOf(config.service("connector")));
        Map<String, String> ofRequests = keys.trustOf(config.service("request-service"));
        assertEquals(orchestrator, ofRequests.get("dsr.trust.keys.orchestrator"));
        assertEquals(hosting, ofRequests.get("dsr.trust.keys.hosting"));
        assertTrue(keys.trustOf(config.service("hosting")).isEmpty());

        // the file a service is pointed at holds the keys, dashes and all
        Path file = keys.writeServiceConfig(config.service("erasure-orchestrator"), Map.of());
        Properties written = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            written.load(in);
        }
        assertEquals(
                Signatures.encode(Signatures.publicKey(written.getProperty("dsr.trust.keys.email-delivery"))),
                Files.readString(keys.dirOf("connector").resolve("email-delivery.pub"))
                        .strip());
        // the token endpoint knows the connector by its secret's hash only
        String secret = Files.readString(keys.tokenClientSecret()).strip();
        assertEquals(Hashes.sha256Hex(secret), written.getProperty("dsr.local-token-endpoint.client-secret-sha256"));
        assertFalse(Files.readString(file).contains(secret));
        assertEquals(
                "hosting,email-delivery,analytics,payments",
                written.getProperty("dsr.local-token-endpoint.processors"));
    }

    @Test
    void aSecondStartKeepsEveryKeyAndAnOlderSharedDirectoryMovesToItsOwners() throws Exception {
        StackConfig config = config();
        Files.createDirectories(config.keysDir());
        Files.writeString(config.keysDir().resolve("pseudonym-secret.key"), "b2xkLXNlY3JldA==\n");
        Files.writeString(config.keysDir().resolve("identifier-encryption.key"), "b2xkLWtleQ==\n");
        StackKeys keys = new StackKeys(config);
        keys.ensure();
        String signing = Files.readString(keys.dirOf("connector").resolve("hosting-signing.key"));
        keys.ensure();

        assertEquals(
                "b2xkLXNlY3JldA==",
                Files.readString(keys.dirOf("request-service").resolve("pseudonym-secret.key"))
                        .strip());
        assertFalse(Files.exists(config.keysDir().resolve("pseudonym-secret.key")));
        assertFalse(Files.exists(config.keysDir().resolve("identifier-encryption.key")), "nothing reads it any more");
        assertEquals(signing, Files.readString(keys.dirOf("connector").resolve("hosting-signing.key")));
    }
}
