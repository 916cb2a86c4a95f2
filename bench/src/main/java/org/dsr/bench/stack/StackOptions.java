package org.dsr.bench.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.dsr.localstack.ServiceSpec;
import org.dsr.localstack.StackConfig;

/**
 * Which local stack a bench command talks to: {@code --state-dir DIR} (default: {@code DSR_HOME}, else the
 * repository's {@code .dsr}), {@code --random-ports} (default: the standard ports) and {@code --down} (stop the whole
 * stack when the command ends). A state directory started with random ports remembers them in
 * {@code bench-ports.properties}, so the next command on the same directory finds the running stack again.
 */
public record StackOptions(Path repoRoot, Path stateDir, boolean randomPorts, boolean downAfter) {

    public static final String PORTS_FILE = "bench-ports.properties";

    /**
     * @param stateDir {@code --state-dir}, or null for {@code DSR_HOME}, else the repository's {@code .dsr}
     */
    public static StackOptions of(Path stateDir, boolean randomPorts, boolean downAfter) {
        Path root = defaultRepoRoot();
        String home = System.getenv("DSR_HOME");
        Path defaultState = home == null || home.isBlank() ? root.resolve(".dsr") : Path.of(home);
        Path state = stateDir != null ? stateDir : defaultState;
        return new StackOptions(root, state.toAbsolutePath().normalize(), randomPorts, downAfter);
    }

    /** {@code -Ddsr.repo.root}, else env {@code DSR_REPO_ROOT}, else the working directory. */
    public static Path defaultRepoRoot() {
        String root = System.getProperty("dsr.repo.root");
        if (root == null || root.isBlank()) {
            root = System.getenv("DSR_REPO_ROOT");
        }
        return Path.of(root == null || root.isBlank() ? "." : root)
                .toAbsolutePath()
                .normalize();
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
