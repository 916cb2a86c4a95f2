package org.dsr.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dsr.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Assumptions;

/**
 * A real MariaDB server for the tests, started by them: Debian's {@code mariadb-server} binaries (not its system
 * service), a data directory made by {@code mariadb-install-db} in a temporary folder, {@code mariadbd} on a free port
 * of 127.0.0.1 with its own socket and pid file, one per test JVM, shut down when the JVM ends. Without the binaries a
 * test is skipped, except under CI, which installs them (.ci/run): there it fails.
 * <p>
 * The tests talk to it as its administrator through the socket (the account of the user running them, by socket
 * authentication, as {@code mariadb-install-db} makes it) with the {@code mariadb} command-line client (which also reads
 * {@code DELIMITER} in schema files); the connector reaches it over TCP as {@link #USER} with a password, as a
 * processor's database would be reached.
 */
public final class MariaDbServer {

    static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    static final Path CLIENT = Path.of("/usr/bin/mariadb");
    public static final String USER = "dsr_connector";
    public static final String PASSWORD = "connector-test-secret";

    private static MariaDbServer instance;

    private final Path dir;
    private final int port;
    private final Process process;

    private MariaDbServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Whether the binaries are installed. */
    public static boolean installed() {
        return Files.isExecutable(MARIADBD) && Files.isExecutable(INSTALL_DB) && Files.isExecutable(CLIENT);
    }

    /** For {@code @EnabledIf}: run where the binaries are, and always under CI (where missing ones fail the test). */
    public static boolean runnable() {
        return installed() || System.getenv("CI") != null;
    }

    /** The server, started on first use; skips the test without the binaries, fails it under CI. */
    public static synchronized MariaDbServer get() {
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(installed(), "mariadb-server is not installed");
        } else {
            assertThat(installed()).as("CI installs mariadb-server (.ci/run)").isTrue();
        }
        if (instance == null) {
            instance = start();
            MariaDbServer started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "mariadb-test-server-stop"));
        }
        return instance;
    }

    public int port() {
        return port;
    }

    /** The url a connectors file names for a database of this server. */
    public String url(String database) {
        return "mariadb://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Creates the database, once, and lets {@link #USER} read and change its tables: what docs/connect.md tells a
     * company to grant (on MariaDB that also shows the user the tables' triggers).
     */
    public void createDatabase(String database) {
        sql(
                null,
                "create database if not exists " + database + " character set utf8mb4;"
                        + " create user if not exists '" + USER + "'@'%' identified by '" + PASSWORD + "';"
                        + " grant select, update, delete on " + database + ".* to '" + USER + "'@'%'");
    }

    /** Runs statements as the administrator (a schema file's {@code DELIMITER} lines included). */
    public void load(String database, String statements) {
        run(database, statements, false);
    }

    /** Runs statements as the administrator; the rows of the last one, each cell as the client prints it ({@code NULL}, 1/0). */
    public List<List<String>> sql(String database, String statements) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : run(database, statements, true).split("\n")) {
            if (!line.isEmpty()) {
                rows.add(Arrays.asList(line.split("\t", -1)));
            }
        }
        return rows;
    }

    private String run(String database, String statements, boolean batch) {
        List<String> command = new ArrayList<>(List.of(
                CLIENT.toString(),
                "--no-defaults",
                "--socket=" + socket(),
                "--user=" + System.getProperty("user.name"),
                "--default-character-set=utf8mb4"));
        if (batch) {
            command.addAll(List.of("--batch", "--skip-column-names"));
        }
        if (database != null) {
            command.add(database);
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().write(statements.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("mariadb client failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path socket() {
        return dir.resolve("mariadb.sock");
    }

    private static MariaDbServer start() {
        try {
            Path dir = Files.createTempDirectory("dsr-mariadb-test");
            Path data = dir.resolve("data");
            boolean root = "root".equals(System.getProperty("user.name"));
            String user = "--user=" + System.getProperty("user.name");
            exec(
                    dir.resolve("install.log"),
                    INSTALL_DB.toString(),
                    "--no-defaults",
                    "--datadir=" + data,
                    user,
                    "--auth-root-authentication-method=socket",
                    "--skip-test-db");
            int port = TestInfrastructure.freePort();
            List<String> command = new ArrayList<>(List.of(
                    MARIADBD.toString(),
                    "--no-defaults",
                    "--datadir=" + data,
                    "--socket=" + dir.resolve("mariadb.sock"),
                    "--pid-file=" + dir.resolve("mariadb.pid"),
                    "--port=" + port,
                    "--bind-address=127.0.0.1",
                    "--skip-name-resolve",
                    "--log-error=" + dir.resolve("error.log"),
                    "--default-time-zone=+00:00",
                    "--character-set-server=utf8mb4",
                    "--innodb-buffer-pool-size=64M",
                    "--skip-log-bin"));
            if (root) {
                command.add("--user=root");
            }
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            MariaDbServer server = new MariaDbServer(dir, port, process);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!server.accepts()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log =
                            Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : "";
                    server.stop();
                    throw new IllegalStateException("mariadbd did not start: " + log);
                }
                Thread.sleep(200);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean accepts() {
        if (!Files.exists(socket())) {
            return false;
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void exec(Path log, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " failed: " + Files.readString(log));
        }
    }

    /** Shuts the server down and removes its folder. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
