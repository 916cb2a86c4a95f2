package org.dsr.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.dsr.localstack.LocalStack.StackException;

/**
 * The stack's PostgreSQL: its cluster under {@code <baseDir>/pg-data} (initdb on first start, trust auth, user
 * {@code postgres}), the server as a detached process on {@link StackConfig#postgresPort()}, one database per service
 * created at every start, a fast shutdown (SIGINT) on stop.
 */
final class StackPostgres {

    static final String NAME = "postgres";
    /** Databases created at start, one per service that has one (the witness has none). */
    static final List<String> DATABASES = ServiceSpec.DEFAULTS.stream()
            .filter(ServiceSpec::hasDatabase)
            .map(ServiceSpec::database)
            .toList();

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final StackConfig config;
    private final DetachedProcesses processes;
    private final PostgresBinaries binaries;

    StackPostgres(StackConfig config, DetachedProcesses processes) {
        this.config = config;
        this.processes = processes;
        this.binaries = new PostgresBinaries(config);
    }

    /** Starts the server unless it runs, waits until it answers, creates the missing databases. */
    StartOutcome ensure() {
        StartOutcome outcome = StartOutcome.ALREADY_RUNNING;
        if (!processes.isRunning(NAME)) {
            binaries.ensure();
            Path data = config.pgDataDir();
            if (!Files.isDirectory(data)) {
                initdb(data);
            }
            StackFiles.mkdirs(config.pgRunDir());
            List<String> cmd = rootless(List.of(
                    binaries.tool("postgres"),
                    "-D",
                    data.toString(),
                    "-p",
                    String.valueOf(config.postgresPort()),
                    "-h",
                    "127.0.0.1",
                    "-k",
                    config.pgRunDir().toString(),
                    "-c",
                    "max_connections=300"));
            processes.spawn(NAME, cmd, Map.of(), "postgres");
            outcome = StartOutcome.STARTED;
        }
        awaitAnswer();
        createDatabases();
        return outcome;
    }

    /** SIGINT = fast shutdown: aborts sessions, checkpoints, exits; SIGKILL if it outlives 20 s. */
    void stop() {
        processes.stopWith(NAME, "INT", "PostgreSQL");
    }

    boolean answers() {
        try (Connection c = connect("postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A JDBC connection as user postgres to one database of the stack. */
    Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "postgres");
        p.setProperty("connectTimeout", "2");
        p.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(config.jdbcUrl(database), p);
    }

    private void initdb(Path data) {
        Path tmp = data.resolveSibling(data.getFileName() + ".init");
        StackFiles.deleteRecursively(tmp);
        List<String> cmd = rootless(List.of(
                binaries.tool("initdb"),
                "-D",
                tmp.toString(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale"));
        processes.runToLog(cmd, config.logFile("postgres-initdb"), Duration.ofSeconds(120), "initdb");
        try {
            Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** initdb and postgres refuse to run as root: as root, run them in a user namespace. */
    private static List<String> rootless(List<String> cmd) {
        if (!isRoot()) {
            return cmd;
        }
        List<String> full = new ArrayList<>(List.of("unshare", "-U"));
        full.addAll(cmd);
        return full;
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (Throwable t) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private void awaitAnswer() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!processes.isRunning(NAME)) {
                throw new StackException("PostgreSQL exited while starting; last lines of " + config.logFile(NAME)
                        + ":\n" + StackFiles.tail(config.logFile(NAME), 30));
            }
            try (Connection c = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            DetachedProcesses.sleep(200);
        }
        throw new StackException("PostgreSQL not reachable on " + config.jdbcUrl("postgres") + " after "
                + START_TIMEOUT.toSeconds() + " s: " + (last == null ? "" : last.getMessage()) + "\n"
                + StackFiles.tail(config.logFile(NAME), 30));
    }

    private void createDatabases() {
        try (Connection c = connect("postgres");
                Statement st = c.createStatement()) {
            Set<String> existing = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT datname FROM pg_database")) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
            Set<String> wanted = new LinkedHashSet<>(DATABASES);
            config.services().stream().filter(ServiceSpec::hasDatabase).forEach(s -> wanted.add(s.database()));
            for (String db : wanted) {
                if (!existing.contains(db)) {
                    st.execute("CREATE DATABASE \"" + db + "\"");
                }
            }
        } catch (SQLException e) {
            throw new StackException("creating databases failed: " + e.getMessage(), e);
        }
    }
}
