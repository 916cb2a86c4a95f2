package org.dsr.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service half of the launcher (spawn, env, readiness, stop, kill) against a fake service jar; no infra. */
@Tag("real-infrastructure")
class LocalStackServiceTest {

    @TempDir
    Path tmp;

    @Test
    void startsStopsAndKillsAService() throws Exception {
        Path jar = fakeServiceJar(tmp.resolve("fake.jar"));
        StackConfig config = StackConfig.defaults(tmp)
                .withBaseDir(tmp.resolve("state"))
                .withServices(List.of(new ServiceSpec("fake", jar, 0, "fake_db", true)))
                .withRandomPorts()
                .withServiceEnv("fake", Map.of("EXTRA_SETTING", "from-test", "DSR_INSTANCE_ID", "overridden"))
                .withServiceReadyTimeout(Duration.ofSeconds(30))
                .withStopOnJvmExit(true);
        try (LocalStack stack = new LocalStack(config)) {
            stack.startService("fake");
            long pid = stack.pid("fake").orElseThrow();
            assertTrue(ProcessHandle.of(pid)
                    .orElseThrow()
                    .info()
                    .command()
                    .orElse("")
                    .endsWith("/java"));
            assertEquals("from-test", env(config, "EXTRA_SETTING"));
            assertEquals("overridden", env(config, "DSR_INSTANCE_ID"));
            assertEquals("true", env(config, "DSR_SAMPLE_DATA_ENABLED"));
            assertEquals(config.kafkaBootstrap(), env(config, "KAFKA_BOOTSTRAP_SERVERS"));
            // a processor's own system is no Kafka client: it gets no principal
            assertEquals(null, env(config, "DSR_KAFKA_USERNAME"));
            assertEquals(config.keysDir().resolve("fake").toString(), env(config, "DSR_KEYS_DIR"));
            assertEquals(
                    "postgresql://127.0.0.1:" + config.postgresPort() + "/fake_db",
                    env(config, "QUARKUS_DATASOURCE_REACTIVE_URL"));

            stack.startService("fake"); // idempotent
            assertEquals(pid, stack.pid("fake").orElseThrow());

            stack.stopService("fake");
            assertGone(pid);
            assertFalse(stack.isReady("fake"));

            stack.startService("fake");
            long second = stack.pid("fake").orElseThrow();
            assertNotEquals(pid, second);
            stack.kill("fake");
            assertGone(second);
            assertFalse(stack.isRunning("fake"));
            assertTrue(Files.readString(config.logFile("fake")).contains("fake service up on"));

            stack.startService("fake");
        }
        assertFalse(new LocalStack(config).isRunning("fake"));
    }

    /** Each Kafka client of the stack gets its own principal and a password file only its owner reads. */
    @Test
    void aServiceGetsItsOwnKafkaPrincipalAsAPasswordFile() throws Exception {
        StackConfig config =
                StackConfig.defaults(tmp).withBaseDir(tmp.resolve("state")).withRandomPorts();
        LocalStack stack = new LocalStack(config);
        stack.ensureKeys(); // as up() does first: the services' environments pin the keys it makes
        Map<String, String> env = stack.serviceEnvironment(config.service(ServiceSpec.REQUEST_SERVICE));
        assertEquals("request-service", env.get("DSR_KAFKA_USERNAME"));
        Path passwordFile = Path.of(env.get("DSR_KAFKA_PASSWORD_FILE"));
        assertEquals(config.kafkaCredentialsDir().resolve("request-service.password"), passwordFile);
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
        String password = Files.readString(passwordFile).strip();
        assertEquals(32, password.length());
        assertFalse(env.containsValue(password), "the password itself is not in the environment");
        assertEquals(
                "connector",
                stack.serviceEnvironment(config.service(ServiceSpec.CONNECTOR)).get("DSR_KAFKA_USERNAME"));
        assertNotEquals(
                password,
                Files.readString(config.kafkaCredentialsDir().resolve("connector.password"))
                        .strip());
        // a second orchestrator instance (the same jar under another name) logs in as the orchestrator
        ServiceSpec second = new ServiceSpec(
                "erasure-orchestrator-2",
                config.service(ServiceSpec.ERASURE_ORCHESTRATOR).jarPath(),
                0,
                "erasure_orchestrator",
                false);
        assertEquals("erasure-orchestrator", stack.serviceEnvironment(second).get("DSR_KAFKA_USERNAME"));
    }

    @Test
    void missingJarFailsBeforeAnythingStarts() {
        StackConfig config =
                StackConfig.defaults(tmp).withBaseDir(tmp.resolve("state")).withRandomPorts();
        LocalStack stack = new LocalStack(config);
        var e = assertThrows(LocalStack.StackException.class, stack::up);
        assertTrue(e.getMessage().contains("quarkus-run.jar"), e.getMessage());
        assertFalse(stack.isRunning(LocalStack.POSTGRES));
    }

    /** Dead: gone, or a zombie the parent (this JVM's process reaper) has not collected yet. */
    private static void assertGone(long pid) throws Exception {
        for (int i = 0; i < 50; i++) {
            Path stat = Path.of("/proc/" + pid + "/stat");
            try {
                if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)
                        || Files.readString(stat).replaceFirst("^.*\\) ", "").startsWith("Z")) {
                    return;
                }
            } catch (NoSuchFileException e) {
                return; // reaped between the two looks
            }
            Thread.sleep(100);
        }
        throw new AssertionError("process " + pid + " still runs");
    }

    private static String env(StackConfig config, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(config.serviceUrl("fake") + "/env/" + name))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : null;
    }

    private static Path fakeServiceJar(Path jar) throws Exception {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            for (Class<?> c : List.of(FakeService.class)) {
                String entry = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (var in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
