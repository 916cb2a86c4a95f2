package org.dsr.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real PostgreSQL and Kafka (no service) on random ports, stops them, starts them again. */
@Tag("infra")
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
        StackConfig config = StackConfig.defaults(repoRoot).withBaseDir(baseDir).withRandomPorts()
                .withStopOnJvmExit(true);
        stack = new LocalStack(config);

        LocalStack.Summary first = stack.upInfra();
        assertTrue(first.started().containsAll(List.of(LocalStack.POSTGRES, LocalStack.KAFKA)), first.render());

        Set<String> databases = new HashSet<>();
        try (Connection c = stack.connect("postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datname FROM pg_database")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        }
        assertTrue(databases.containsAll(LocalStack.DATABASES), "databases: " + databases);
        try (Connection c = stack.connect("postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW max_connections")) {
            assertTrue(rs.next());
            assertTrue(Integer.parseInt(rs.getString(1)) >= 300);
        }
        assertTrue(stack.listTopics().containsAll(stack.topics()), "topics: " + stack.listTopics());
        // identifiers in plaintext: kept a day (DSR_INTAKE_RETENTION unset); pseudonymised topics keep the default
        assertEquals("86400000", stack.topicConfig("dsr.intake").get("retention.ms"));
        assertEquals("86400000", stack.topicConfig("dsr.intake.dlq").get("retention.ms"));
        assertEquals("604800000", stack.topicConfig("dsr.requests").get("retention.ms"));

        Path secret = baseDir.resolve("keys/request-service/pseudonym-secret.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals("rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(baseDir.resolve("keys"))));
        assertEquals(32, java.util.Base64.getDecoder().decode(Files.readString(secret).trim()).length);
        String secretBefore = Files.readString(secret);

        // the recorded pids are the real processes, not setsid/unshare
        long pgPid = stack.pid(LocalStack.POSTGRES).orElseThrow();
        long kafkaPid = stack.pid(LocalStack.KAFKA).orElseThrow();
        assertTrue(ProcessHandle.of(pgPid).orElseThrow().info().command().orElse("").endsWith("/postgres"));
        assertTrue(ProcessHandle.of(kafkaPid).orElseThrow().info().command().orElse("").endsWith("/java"));

        // idempotent: a second up leaves the running processes alone
        LocalStack.Summary again = stack.upInfra();
        assertTrue(again.started().isEmpty(), again.render());
        assertEquals(OptionalLong.of(pgPid), stack.pid(LocalStack.POSTGRES));

        try (Connection c = stack.connect("request_service"); Statement st = c.createStatement()) {
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
        try (Connection c = stack.connect("request_service"); Statement st = c.createStatement();
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
}
