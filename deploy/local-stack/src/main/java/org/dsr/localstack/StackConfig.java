package org.dsr.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Immutable configuration of a {@link LocalStack}. Every {@code withX} method returns a copy, so a test can start from
 * {@link #defaults(Path)} and change what it needs (typically {@link #withRandomPorts()} and {@link #withBaseDir(Path)}).
 */
public final class StackConfig {

    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 19093;
    public static final int DEFAULT_POSTGRES_PORT = 15432;

    private final Path repoRoot;
    private final Path baseDir;
    private final Path kafkaLibsDir;
    private final int kafkaPort;
    private final int kafkaControllerPort;
    private final int postgresPort;
    private final List<ServiceSpec> services;
    private final Map<String, Map<String, String>> serviceEnv;
    private final boolean stopOnJvmExit;
    private final Duration serviceReadyTimeout;

    private StackConfig(
            Path repoRoot,
            Path baseDir,
            Path kafkaLibsDir,
            int kafkaPort,
            int kafkaControllerPort,
            int postgresPort,
            List<ServiceSpec> services,
            Map<String, Map<String, String>> serviceEnv,
            boolean stopOnJvmExit,
            Duration serviceReadyTimeout) {
        this.repoRoot = repoRoot.toAbsolutePath().normalize();
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.kafkaLibsDir = kafkaLibsDir.toAbsolutePath().normalize();
        this.kafkaPort = kafkaPort;
        this.kafkaControllerPort = kafkaControllerPort;
        this.postgresPort = postgresPort;
        this.services = List.copyOf(services);
        Map<String, Map<String, String>> env = new LinkedHashMap<>();
        serviceEnv.forEach((k, v) -> env.put(k, Map.copyOf(v)));
        this.serviceEnv = Map.copyOf(env);
        this.stopOnJvmExit = stopOnJvmExit;
        this.serviceReadyTimeout = serviceReadyTimeout;
    }

    /** Default ports, state under {@code <repoRoot>/.dsr}, broker jars under {@code deploy/local-stack/target/kafka-libs}. */
    public static StackConfig defaults(Path repoRoot) {
        Path root = repoRoot.toAbsolutePath().normalize();
        return new StackConfig(
                root,
                root.resolve(".dsr"),
                root.resolve("deploy/local-stack/target/kafka-libs"),
                DEFAULT_KAFKA_PORT,
                DEFAULT_KAFKA_CONTROLLER_PORT,
                DEFAULT_POSTGRES_PORT,
                ServiceSpec.DEFAULTS,
                Map.of(),
                false,
                Duration.ofSeconds(180));
    }

    public StackConfig withBaseDir(Path dir) {
        return new StackConfig(
                repoRoot,
                dir,
                kafkaLibsDir,
                kafkaPort,
                kafkaControllerPort,
                postgresPort,
                services,
                serviceEnv,
                stopOnJvmExit,
                serviceReadyTimeout);
    }

    public StackConfig withKafkaLibsDir(Path dir) {
        return new StackConfig(
                repoRoot,
                baseDir,
                dir,
                kafkaPort,
                kafkaControllerPort,
                postgresPort,
                services,
                serviceEnv,
                stopOnJvmExit,
                serviceReadyTimeout);
    }

    public StackConfig withKafkaPort(int port) {
        return new StackConfig(
                repoRoot,
                baseDir,
                kafkaLibsDir,
                port,
                kafkaControllerPort,
                postgresPort,
                services,
                serviceEnv,
                stopOnJvmExit,
                serviceReadyTimeout);
    }

    public StackConfig withKafkaControllerPort(int port) {
        return new StackConfig(
                repoRoot,
                baseDir,
                kafkaLibsDir,
                kafkaPort,
                port,
                postgresPort,
                services,
                serviceEnv,
                stopOnJvmExit,
                serviceReadyTimeout);
    }

    public StackConfig withPostgresPort(int port) {
        return new StackConfig(
                repoRoot,
                baseDir,
                kafkaLibsDir,
                kafkaPort,
                kafkaControllerPort,
                port,
                services,
                serviceEnv,
                stopOnJvmExit,
                serviceReadyTimeout);
    }

    public StackConfig withServicePort(String serviceName, int port) {
        List<ServiceSpec> copy = new ArrayList<>();
        service(serviceName); // fail fast on unknown names
        for (ServiceSpec s : services) {
            copy.add(s.name().equals(serviceName) ? s.withPort(port) : s);
        }
        return withServices(copy);
    }

    /** Replaces the service list (e.g. a test adding a service, or pointing a jar elsewhere). */
    public StackConfig withServices(List<ServiceSpec> newServices) {
        return new StackConfig(
                repoRoot,
                baseDir,
                kafkaLibsDir,
                kafkaPort,
                kafkaControllerPort,
                postgresPort,
                newServices,
                serviceEnv,
                stopOnJvmExit,
                serviceReadyTimeout);
    }

    /** Adds (or overrides) environment variables for one service; they win over the launcher's own. */
    public StackConfig withServiceEnv(String serviceName, Map<String, String> env) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>(serviceEnv);
        Map<String, String> merged = new LinkedHashMap<>(copy.getOrDefault(serviceName, Map.of()));
        merged.putAll(env);
        copy.put(serviceName, merged);
        return new StackConfig(
                repoRoot,
                baseDir,
                kafkaLibsDir,
                kafkaPort,
                kafkaControllerPort,
                postgresPort,
                services,
                copy,
                stopOnJvmExit,
                serviceReadyTimeout);
    }

    public StackConfig withServiceEnv(String serviceName, String key, String value) {
        return withServiceEnv(serviceName, Map.of(key, value));
    }

    /** Adds environment variables to every service. */
    public StackConfig withEnvForAllServices(Map<String, String> env) {
        StackConfig c = this;
        for (ServiceSpec s : services) {
            c = c.withServiceEnv(s.name(), env);
        }
        return c;
    }

    /** When set, a JVM shutdown hook calls {@link LocalStack#down()} (tests set it; the CLI does not). */
    public StackConfig withStopOnJvmExit(boolean stop) {
        return new StackConfig(
                repoRoot,
                baseDir,
                kafkaLibsDir,
                kafkaPort,
                kafkaControllerPort,
                postgresPort,
                services,
                serviceEnv,
                stop,
                serviceReadyTimeout);
    }

    public StackConfig withServiceReadyTimeout(Duration timeout) {
        return new StackConfig(
                repoRoot,
                baseDir,
                kafkaLibsDir,
                kafkaPort,
                kafkaControllerPort,
                postgresPort,
                services,
                serviceEnv,
                stopOnJvmExit,
                timeout);
    }

    /** Picks distinct free loopback ports for Kafka, its controller, PostgreSQL and every service. */
    public StackConfig withRandomPorts() {
        Set<Integer> taken = new HashSet<>();
        StackConfig c = withKafkaPort(freePort(taken))
                .withKafkaControllerPort(freePort(taken))
                .withPostgresPort(freePort(taken));
        for (ServiceSpec s : services) {
            c = c.withServicePort(s.name(), freePort(taken));
        }
        return c;
    }

    private static int freePort(Set<Integer> taken) {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                int port = socket.getLocalPort();
                if (taken.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port found");
    }

    public Path repoRoot() {
        return repoRoot;
    }

    public Path baseDir() {
        return baseDir;
    }

    public Path kafkaLibsDir() {
        return kafkaLibsDir;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public int kafkaControllerPort() {
        return kafkaControllerPort;
    }

    public int postgresPort() {
        return postgresPort;
    }

    public List<ServiceSpec> services() {
        return services;
    }

    public ServiceSpec service(String name) {
        return services.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("unknown service '" + name + "'; known: "
                        + services.stream().map(ServiceSpec::name).toList()));
    }

    public int servicePort(String name) {
        return service(name).port();
    }

    /** Extra environment configured for the service (empty if none). */
    public Map<String, String> serviceEnv(String name) {
        return serviceEnv.getOrDefault(name, Map.of());
    }

    public boolean stopOnJvmExit() {
        return stopOnJvmExit;
    }

    public Duration serviceReadyTimeout() {
        return serviceReadyTimeout;
    }

    // ---- derived locations and URLs ----

    public Path pgBinDir() {
        return baseDir.resolve("pg-bin");
    }

    public Path pgDataDir() {
        return baseDir.resolve("pg-data");
    }

    public Path pgRunDir() {
        return baseDir.resolve("pg-run");
    }

    public Path kafkaDir() {
        return baseDir.resolve("kafka");
    }

    /** One password file per Kafka principal ({@link StackKafka}); owner-only. */
    public Path kafkaCredentialsDir() {
        return baseDir.resolve("kafka-credentials");
    }

    /** Every service's key set, each in its own directory (StackKeys). */
    public Path keysDir() {
        return baseDir.resolve("keys");
    }

    /** One service's key set ({@code DSR_KEYS_DIR}). */
    public Path keysDirOf(String service) {
        return keysDir().resolve(service);
    }

    /** Every public key of the stack (token issuer, orchestrator, processors): what the offline verifier is given. */
    public Path publicKeysDir() {
        return keysDir().resolve("public");
    }

    /** The witness's state: the latest checkpoint it cosigned per log (docs/witness.md). */
    public Path witnessStateDir() {
        return baseDir.resolve("witness");
    }

    public Path logsDir() {
        return baseDir.resolve("logs");
    }

    public Path pidsDir() {
        return baseDir.resolve("pids");
    }

    public Path logFile(String component) {
        return logsDir().resolve(component + ".log");
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    public String serviceUrl(String name) {
        return "http://127.0.0.1:" + servicePort(name);
    }

    @Override
    public String toString() {
        return "StackConfig[repoRoot=" + repoRoot + ", baseDir=" + baseDir + ", kafkaPort=" + kafkaPort
                + ", controllerPort=" + kafkaControllerPort + ", postgresPort=" + postgresPort + ", services="
                + services + "]";
    }
}
