package org.dsr.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dsr.contracts.Topics;
import org.dsr.contracts.access.KafkaAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real PostgreSQL and Kafka (no service) on random ports, stops them, starts them again. */
@Tag("real-infrastructure")
class LocalStackInfraTest {

    @TempDir
    static Path baseDir;

    private static LocalStack stack;

    @AfterAll
    static void tearDown() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void infraStartsStopsAndKeepsItsData() throws Exception {
        Path repoRoot = Path.of("../..").toAbsolutePath().normalize();
        StackConfig config = StackConfig.defaults(repoRoot)
                .withBaseDir(baseDir)
                .withRandomPorts()
                .withStopOnJvmExit(true);
        stack = new LocalStack(config);

        LocalStack.Summary first = stack.upInfra();
        assertTrue(first.started().containsAll(List.of(LocalStack.POSTGRES, LocalStack.KAFKA)), first.render());

        Set<String> databases = new HashSet<>();
        try (Connection c = stack.connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datname FROM pg_database")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        }
        assertTrue(databases.containsAll(LocalStack.DATABASES), "databases: " + databases);
        try (Connection c = stack.connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW max_connections")) {
            assertTrue(rs.next());
            assertTrue(Integer.parseInt(rs.getString(1)) >= 300);
        }
        assertTrue(stack.listTopics().containsAll(stack.topics()), "topics: " + stack.listTopics());
        // identifiers in plaintext: kept a day (DSR_INTAKE_RETENTION unset); pseudonymised topics keep the default
        assertEquals("86400000", stack.topicConfig("dsr.intake").get("retention.ms"));
        assertEquals("86400000", stack.topicConfig("dsr.intake.dlq").get("retention.ms"));
        assertEquals("604800000", stack.topicConfig("dsr.requests").get("retention.ms"));
        brokerRequiresEachPrincipalAndGrantsOnlyTheDescription(config);

        Path secret = baseDir.resolve("keys/request-service/pseudonym-secret.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals(
                "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(baseDir.resolve("keys"))));
        assertEquals(
                32,
                java.util.Base64.getDecoder().decode(Files.readString(secret).trim()).length);
        String secretBefore = Files.readString(secret);

        // the recorded pids are the real processes, not setsid/unshare
        long pgPid = stack.pid(LocalStack.POSTGRES).orElseThrow();
        long kafkaPid = stack.pid(LocalStack.KAFKA).orElseThrow();
        assertTrue(ProcessHandle.of(pgPid)
                .orElseThrow()
                .info()
                .command()
                .orElse("")
                .endsWith("/postgres"));
        assertTrue(ProcessHandle.of(kafkaPid)
                .orElseThrow()
                .info()
                .command()
                .orElse("")
                .endsWith("/java"));

        // idempotent: a second up leaves the running processes alone
        LocalStack.Summary again = stack.upInfra();
        assertTrue(again.started().isEmpty(), again.render());
        assertEquals(OptionalLong.of(pgPid), stack.pid(LocalStack.POSTGRES));

        try (Connection c = stack.connect("request_service");
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (id int primary key)");
            st.execute("INSERT INTO kept VALUES (42)");
        }

        stack.down();
        for (long pid : List.of(pgPid, kafkaPid)) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
        }
        assertFalse(stack.isRunning(LocalStack.POSTGRES));
        assertFalse(stack.isRunning(LocalStack.KAFKA));
        try (var pids = Files.list(baseDir.resolve("pids"))) {
            assertEquals(0, pids.count());
        }

        LocalStack.Summary restarted = stack.upInfra();
        assertTrue(restarted.started().containsAll(List.of(LocalStack.POSTGRES, LocalStack.KAFKA)));
        try (Connection c = stack.connect("request_service");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM kept")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
        assertTrue(stack.listTopics().containsAll(stack.topics()));
        assertEquals(secretBefore, Files.readString(secret));

        stack.kill(LocalStack.KAFKA);
        assertFalse(stack.isRunning(LocalStack.KAFKA));
        stack.down();
        assertFalse(stack.isRunning(LocalStack.POSTGRES));
    }

    /**
     * The broker refuses a client without credentials, and a principal gets what the description grants: the
     * connector writes outcomes but no completion record; the request service writes no command.
     */
    private static void brokerRequiresEachPrincipalAndGrantsOnlyTheDescription(StackConfig config) throws Exception {
        assertEquals(
                "rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(config.kafkaCredentialsDir())));
        for (String principal : KafkaAccess.principalNames(StackKafka.deployment(config))) {
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(StackKafka.passwordFile(config, principal))),
                    principal);
        }
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(config.kafkaDir().resolve("server.properties"))));

        var nobody = Map.<String, Object>of("bootstrap.servers", config.kafkaBootstrap());
        assertInstanceOf(TimeoutException.class, send(nobody, Topics.COMPLETIONS));
        assertInstanceOf(
                TopicAuthorizationException.class,
                send(StackKafka.client(config, KafkaAccess.CONNECTOR), Topics.COMPLETIONS));
        assertInstanceOf(
                TopicAuthorizationException.class,
                send(StackKafka.client(config, KafkaAccess.REQUEST_SERVICE), Topics.commands("payments")));
        assertNull(send(StackKafka.client(config, KafkaAccess.CONNECTOR), Topics.OUTCOMES));

        try (Admin admin = Admin.create(StackKafka.admin(config))) {
            Set<AclBinding> onBroker = new HashSet<>(
                    admin.describeAcls(AclBindingFilter.ANY).values().get());
            Set<AclBinding> described = new HashSet<>(KafkaAccess.acls(StackKafka.deployment(config)).stream()
                    .map(StackKafka::binding)
                    .toList());
            assertEquals(described, onBroker);
        }
    }

    /** The failure of one send, or null when it was written. */
    private static Throwable send(Map<String, Object> client, String topic) throws InterruptedException {
        Map<String, Object> props = new java.util.HashMap<>(client);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "access-test", "{}")).get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
