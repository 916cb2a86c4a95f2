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
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.tlog.NoteKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness in the stack: its own key pair, its own state directory, the orchestrator's log as the one log it trusts;
 * and the orchestrator told where the witness is and which key to pin.
 */
class WitnessEnvironmentTest {

    @TempDir
    Path baseDir;

    private LocalStack stack() {
        LocalStack stack = new LocalStack(
                StackConfig.defaults(Path.of("../..").toAbsolutePath().normalize())
                        .withBaseDir(baseDir));
        stack.ensureKeys();
        return stack;
    }

    private static Set<String> files(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return new TreeSet<>(list.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void theWitnessHasItsOwnOwnerOnlyKeyPairAndItsPublicKeyIsPublished() throws Exception {
        LocalStack stack = stack();
        Path dir = stack.keys().dirOf(ServiceSpec.WITNESS);

        assertEquals(Set.of("witness-signing.key", "witness.pub"), files(dir));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("witness-signing.key"))));
        assertEquals(
                Files.readString(dir.resolve("witness.pub")),
                Files.readString(stack.keys().publicDir().resolve("witness.pub")));
    }

    @Test
    void theWitnessTrustsTheOrchestratorsLogAndNothingElse() throws Exception {
        LocalStack stack = stack();
        ServiceSpec witness = stack.config().service(ServiceSpec.WITNESS);

        Map<String, String> env = stack.serviceEnvironment(witness);

        assertEquals("8087", env.get("QUARKUS_HTTP_PORT"));
        assertEquals(stack.keys().dirOf(ServiceSpec.WITNESS).toString(), env.get("DSR_KEYS_DIR"));
        assertEquals(baseDir.resolve("witness").toString(), env.get("DSR_WITNESS_STATE_DIR"));
        assertEquals(StackKeys.WITNESS_NAME, env.get("DSR_WITNESS_NAME"));
        for (String other : List.of("QUARKUS_DATASOURCE_REACTIVE_URL", "KAFKA_BOOTSTRAP_SERVERS", "DSR_INSTANCE_ID")) {
            assertFalse(env.containsKey(other), other);
        }
        Properties file = new Properties();
        try (var in = Files.newBufferedReader(Path.of(java.net.URI.create(env.get("QUARKUS_CONFIG_LOCATIONS"))))) {
            file.load(in);
        }
        assertEquals(StackKeys.LOG_ORIGIN, file.getProperty("dsr.witness.logs.completions.origin"));
        NoteKey log = NoteKey.parseVkey(file.getProperty("dsr.witness.logs.completions.vkey"));
        assertEquals(StackKeys.LOG_ORIGIN, log.name());
        assertEquals(NoteKey.Type.ED25519, log.type());
        assertEquals(
                Signatures.publicKey(Files.readString(
                        stack.keys().dirOf(ServiceSpec.ERASURE_ORCHESTRATOR).resolve("orchestrator.pub"))),
                log.publicKey());
        assertTrue(file.stringPropertyNames().stream().noneMatch(k -> k.startsWith("dsr.trust.")));
    }

    @Test
    void theOrchestratorIsToldTheWitnesssUrlAndPinsItsCosignatureKey() throws Exception {
        LocalStack stack = stack();

        Map<String, String> env = stack.serviceEnvironment(stack.config().service(ServiceSpec.ERASURE_ORCHESTRATOR));

        assertEquals(StackKeys.LOG_ORIGIN, env.get("DSR_LOG_ORIGIN"));
        assertEquals("http://127.0.0.1:8087", env.get("DSR_LOG_WITNESSES_LOCAL_URL"));
        NoteKey pinned = NoteKey.parseVkey(env.get("DSR_LOG_WITNESSES_LOCAL_VKEY"));
        assertEquals(StackKeys.WITNESS_NAME, pinned.name());
        assertEquals(NoteKey.Type.COSIGNATURE_V1, pinned.type());
        assertEquals(
                Signatures.publicKey(
                        Files.readString(stack.keys().dirOf(ServiceSpec.WITNESS).resolve("witness.pub"))),
                pinned.publicKey());
        // no other service hears of it
        for (ServiceSpec s : stack.config().services()) {
            if (!s.name().equals(ServiceSpec.ERASURE_ORCHESTRATOR)) {
                assertFalse(stack.serviceEnvironment(s).containsKey("DSR_LOG_WITNESSES_LOCAL_URL"), s.name());
            }
        }
    }

    @Test
    void aStackWithoutTheWitnessGivesTheOrchestratorNone() {
        LocalStack stack = new LocalStack(StackConfig.defaults(
                        Path.of("../..").toAbsolutePath().normalize())
                .withBaseDir(baseDir)
                .withServices(ServiceSpec.DEFAULTS.stream()
                        .filter(s -> !s.name().equals(ServiceSpec.WITNESS))
                        .toList()));
        stack.ensureKeys();

        Map<String, String> env = stack.serviceEnvironment(stack.config().service(ServiceSpec.ERASURE_ORCHESTRATOR));

        assertFalse(env.containsKey("DSR_LOG_WITNESSES_LOCAL_URL"));
        assertEquals(StackKeys.LOG_ORIGIN, env.get("DSR_LOG_ORIGIN"));
    }
}
