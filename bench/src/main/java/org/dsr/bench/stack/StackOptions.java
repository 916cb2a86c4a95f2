package org.dsr.bench.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.dsr.localstack.ServiceSpec;
import org.dsr.localstack.StackConfig;

/**
 * Which local stack a bench command talks to: {@code --state-dir DIR} (default: {@code DSR_HOME}, else the
 * repository's {@code .dsr}), {@code --random-ports} (default: the standard ports) and {@code --down} (stop the whole
 * stack when the command ends). A state directory started with random ports remembers them in
 * {@code bench-ports.properties}, so the next command on the same directory finds the running stack again.
 */
public record StackOptions(Path repoRoot, Path stateDir, boolean randomPorts, boolean downAfter) {

    public static final Set<String> VALUED = Set.of("state-dir");
    public static final Set<String> FLAGS = Set.of("random-ports", "down");
    public static final String PORTS_FILE = "bench-ports.properties";

    public static final String USAGE = """
              --state-dir DIR     stack state directory (default $DSR_HOME or <repo>/.dsr)
              --random-ports      free ports instead of 8080-8085/19092/15432 (remembered in DIR/%s)
              --down              stop the whole stack (services, Kafka, PostgreSQL) when done
            """.formatted(PORTS_FILE).stripTrailing();

    /** A command's arguments: its own valued options and flags, and the stack options every command takes. */
    public static CliArgs parse(String[] argv, Set<String> valued, Set<String> flags) {
        return CliArgs.parse(argv, union(valued, VALUED), union(flags, FLAGS));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Set.copyOf(Stream.concat(a.stream(), b.stream()).toList());
    }

    public static StackOptions from(CliArgs args) {
        Path root = defaultRepoRoot();
        String home = System.getenv("DSR_HOME");
        Path defaultState = home == null || home.isBlank() ? root.resolve(".dsr") : Path.of(home);
        Path state = args.has("state-dir") ? Path.of(args.string("state-dir", null)) : defaultState;
        return new StackOptions(root, state.toAbsolutePath().normalize(), args.flag("random-ports"),
                args.flag("down"));
    }

    /** {@code -Ddsr.repo.root}, else env {@code DSR_REPO_ROOT}, else the working directory. */
    public static Path defaultRepoRoot() {
        String root = System.getProperty("dsr.repo.root");
        if (root == null || root.isBlank()) {
            root = System.getenv("DSR_REPO_ROOT");
        }
        return Path.of(root == null || root.isBlank() ? "." : root).toAbsolutePath().normalize();
    }

    /**
     * The stack configuration: ports from {@code DIR/bench-ports.properties} when present, else fresh random ports
     * (then written there) with {@code --random-ports}, else the defaults.
     */
    public StackConfig config() {
        StackConfig config = StackConfig.defaults(repoRoot).withBaseDir(stateDir);
        Path portsFile = stateDir.resolve(PORTS_FILE);
        if (Files.isRegularFile(portsFile)) {
            return applyPorts(config, readPorts(portsFile));
        }
        if (!randomPorts) {
            return config;
        }
        StackConfig random = config.withRandomPorts();
        writePorts(portsFile, random);
        return random;
    }

    static StackConfig applyPorts(StackConfig config, Properties ports) {
        StackConfig c = config.withKafkaPort(port(ports, "kafka"))
                .withKafkaControllerPort(port(ports, "kafka-controller"))
                .withPostgresPort(port(ports, "postgres"));
        for (ServiceSpec s : config.services()) {
            if (ports.containsKey(s.name())) {
                c = c.withServicePort(s.name(), port(ports, s.name()));
            }
        }
        return c;
    }

    private static int port(Properties ports, String key) {
        String v = ports.getProperty(key);
        if (v == null) {
            throw new IllegalStateException(PORTS_FILE + " has no port for " + key);
        }
        return Integer.parseInt(v.trim());
    }

    static Properties readPorts(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static void writePorts(Path file, StackConfig config) {
        Properties p = new Properties();
        p.setProperty("kafka", String.valueOf(config.kafkaPort()));
        p.setProperty("kafka-controller", String.valueOf(config.kafkaControllerPort()));
        p.setProperty("postgres", String.valueOf(config.postgresPort()));
        config.services().forEach(s -> p.setProperty(s.name(), String.valueOf(s.port())));
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "ports of the local stack in this state directory (written by ./dsr bench --random-ports)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
