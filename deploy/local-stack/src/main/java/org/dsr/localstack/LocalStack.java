package org.dsr.localstack;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs the whole stack on this machine without Docker: a real PostgreSQL (zonky binaries), a real single-node KRaft Kafka
 * (Maven Central jars) and the eight Quarkus services, each as a detached process ({@code setsid}) whose pid is recorded
 * under {@code <baseDir>/pids}. Every operation is idempotent and judges "running" by pid file + live process, so the
 * CLI and an in-process test harness can share the same state directory.
 * <p>
 * A facade: {@link StackPostgres} (the database server and a database per service), {@link StackBroker} (the Kafka
 * broker, its topics; {@link StackKafka} its principals and ACLs), {@link ServiceProcesses} (the services' JVMs, with
 * their {@link ServiceEnvironment}, and their readiness), {@link StackKeys} and {@link LocalTokens} (keys and bearer
 * tokens), all over {@link DetachedProcesses} and {@link PidFiles}; this class composes them in order under a
 * {@link StateLock}.
 */
public final class LocalStack implements AutoCloseable {

    public static final String POSTGRES = StackPostgres.NAME;
    public static final String KAFKA = StackBroker.NAME;

    /** Databases created at start, one per service. */
    public static final List<String> DATABASES = StackPostgres.DATABASES;

    private final StackConfig config;
    private final StackKeys keys;
    private final DetachedProcesses processes;
    private final StackPostgres postgres;
    private final StackBroker broker;
    private final ServiceEnvironment environment;
    private final ServiceProcesses services;
    private final Object hookLock = new Object();
    private Thread shutdownHook;

    public LocalStack(StackConfig config) {
        this.config = config;
        this.keys = new StackKeys(config);
        this.processes = new DetachedProcesses(config, new PidFiles(config.pidsDir()));
        this.postgres = new StackPostgres(config, processes);
        this.broker = new StackBroker(config, processes);
        this.environment = new ServiceEnvironment(config, keys);
        this.services = new ServiceProcesses(config, processes, keys, environment);
    }

    public StackConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ the whole stack

    /** PostgreSQL + Kafka + keys + all eight services; waits until every service is ready. */
    public Summary up() {
        return up(config.services().stream().map(ServiceSpec::name).toList());
    }

    /** PostgreSQL + Kafka (databases and topics created) + keys; no service. */
    public Summary upInfra() {
        return up(List.of());
    }

    /** PostgreSQL + Kafka + keys, then the named services (a subset, possibly empty). */
    public synchronized Summary up(Collection<String> serviceNames) {
        // unknown names and missing jars fail before anything starts
        services.requireJars(serviceNames);
        registerShutdownHookIfWanted();
        try (StateLock lock = StateLock.acquire(config.baseDir())) {
            List<String> started = new ArrayList<>();
            List<String> already = new ArrayList<>();
            CompletableFuture<StartOutcome> pg = CompletableFuture.supplyAsync(postgres::ensure);
            CompletableFuture<StartOutcome> kafka = CompletableFuture.supplyAsync(broker::ensure);
            ensureKeys();
            (join(pg) == StartOutcome.STARTED ? started : already).add(POSTGRES);
            (join(kafka) == StartOutcome.STARTED ? started : already).add(KAFKA);
            for (String name : serviceNames) {
                (isRunning(name) ? already : started).add(name);
            }
            startServices(serviceNames);
            return summary(started, already);
        }
    }

    /** Stops services, then Kafka, then PostgreSQL; removes pid files. Data stays. */
    public synchronized void down() {
        try (StateLock lock = StateLock.acquire(config.baseDir())) {
            List<String> names =
                    config.services().stream().map(ServiceSpec::name).toList();
            processes.stop(names, false);
            processes.stop(List.of(KAFKA), false);
            postgres.stop();
        }
    }

    /** Same as {@link #down()}. */
    @Override
    public void close() {
        down();
    }

    /** Every component: pid, port, whether its process runs and whether it answers. */
    public List<ComponentStatus> status() {
        List<ComponentStatus> result = new ArrayList<>();
        OptionalLong pgPid = pid(POSTGRES);
        result.add(new ComponentStatus(
                POSTGRES,
                pgPid,
                config.postgresPort(),
                pgPid.isPresent(),
                pgPid.isPresent() && postgres.answers(),
                config.logFile(POSTGRES)));
        OptionalLong kPid = pid(KAFKA);
        result.add(new ComponentStatus(
                KAFKA,
                kPid,
                config.kafkaPort(),
                kPid.isPresent(),
                kPid.isPresent() && broker.answers(Duration.ofSeconds(3)),
                config.logFile(KAFKA)));
        for (ServiceSpec s : config.services()) {
            OptionalLong p = pid(s.name());
            result.add(new ComponentStatus(
                    s.name(),
                    p,
                    s.port(),
                    p.isPresent(),
                    p.isPresent() && services.isReady(s),
                    config.logFile(s.name())));
        }
        return result;
    }

    public Path logFile(String component) {
        return config.logFile(component);
    }

    public Summary summary() {
        return summary(List.of(), List.of());
    }

    // ------------------------------------------------------------------ one component

    /** Starts one service (if not running) and waits until it is ready. Infrastructure must be up. */
    public void startService(String name) {
        startServices(List.of(name));
    }

    /**
     * Starts the named services that are not running, all at once, and waits until all are ready; the connector last,
     * once the sample processors' own systems have migrated the stores it checks its data maps against.
     */
    public void startServices(Collection<String> names) {
        services.start(names);
    }

    /** SIGTERM, up to 20 s, then SIGKILL. Also accepts {@code kafka}; for {@code postgres} it sends SIGINT. */
    public void stopService(String name) {
        if (POSTGRES.equals(name)) {
            postgres.stop();
        } else {
            processes.stop(List.of(name), false);
        }
    }

    /** SIGKILL at once (fault injection); waits until the process is gone. Works for any component. */
    public void kill(String name) {
        processes.stop(List.of(name), true);
    }

    /** Whether the component's recorded process is alive. */
    public boolean isRunning(String name) {
        return processes.isRunning(name);
    }

    /** The pid of the component's live process, empty if it does not run. */
    public OptionalLong pid(String name) {
        return processes.pid(name);
    }

    /** Whether {@code GET /q/health/ready} answers 200. */
    public boolean isReady(String serviceName) {
        return services.isReady(config.service(serviceName));
    }

    /** Waits until all named services answer ready, failing early if one of their processes dies. */
    public void awaitReady(Collection<String> names, Duration timeout) {
        services.awaitReady(names, timeout);
    }

    /** The environment a service is started with (launcher settings, then the config's extra env). */
    public Map<String, String> serviceEnvironment(ServiceSpec s) {
        return environment.of(s);
    }

    // ------------------------------------------------------------------ PostgreSQL and Kafka

    /** A JDBC connection as user postgres to one database of the stack. */
    public Connection connect(String database) throws SQLException {
        return postgres.connect(database);
    }

    /** The processors a request reaches, as the orchestrator's policy names them. */
    public List<String> processors() {
        return StackProcessors.ofPolicy(config);
    }

    /** Every topic the stack creates: the shared ones and a command topic per processor, each with its .dlq. */
    public List<String> topics() {
        return broker.topics();
    }

    /**
     * The settings topics are created with, beside {@link #topics()}: {@code dsr.intake} and its dead letters carry
     * identifiers in plaintext and are kept only {@code DSR_INTAKE_RETENTION} (ISO-8601, default a day).
     */
    public Map<String, Map<String, String>> topicConfigs() {
        return broker.topicConfigs();
    }

    /** One topic's settings as the broker reports them (defaults included). */
    public Map<String, String> topicConfig(String topic) {
        return broker.topicConfig(topic);
    }

    /** The names of the topics that exist on the broker. */
    public Set<String> listTopics() {
        return broker.listTopics();
    }

    // ------------------------------------------------------------------ keys and tokens

    /**
     * One key set per service under {@code keys/<service>/}, the signing key pairs generated before any service starts
     * so their public keys can be pinned ({@link StackKeys}); creates what is missing, never overwrites.
     */
    public void ensureKeys() {
        keys.ensure();
    }

    /** The keys of the stack: each service's directory, the launcher's, the published public keys. */
    public StackKeys keys() {
        return keys;
    }

    /** A bearer token with one role, signed by the stack's issuer key (see {@link LocalTokens}). */
    public String token(String role, String subject) {
        // an adapter's token is short-lived (request-service refuses one that lives longer than 15 minutes) and
        // names the processors it acts for: the connector's
        return role.equals("dsr-adapter")
                ? LocalTokens.mint(
                        keys.launcherDir(),
                        role,
                        subject,
                        Duration.ofMinutes(5),
                        Map.of("dsr_processors", StackProcessors.ofConnector()))
                : LocalTokens.mint(keys.launcherDir(), role, subject, Duration.ofHours(8));
    }

    // ------------------------------------------------------------------ misc

    private void registerShutdownHookIfWanted() {
        if (!config.stopOnJvmExit()) {
            return;
        }
        synchronized (hookLock) {
            if (shutdownHook == null) {
                shutdownHook = new Thread(
                        () -> {
                            try {
                                down();
                            } catch (RuntimeException e) {
                                System.err.println("local stack shutdown hook: " + e.getMessage());
                            }
                        },
                        "local-stack-down");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
        }
    }

    private Summary summary(List<String> started, List<String> already) {
        Map<String, String> urls = new LinkedHashMap<>();
        config.services().forEach(s -> urls.put(s.name(), config.serviceUrl(s.name())));
        return new Summary(
                config.baseDir(),
                config.kafkaBootstrap(),
                config.jdbcUrl("postgres"),
                urls,
                List.copyOf(started),
                List.copyOf(already));
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ result types

    /** What {@link #up()} did and where everything is. */
    public record Summary(
            Path stateDir,
            String kafkaBootstrap,
            String postgresJdbcUrl,
            Map<String, String> serviceUrls,
            List<String> started,
            List<String> alreadyRunning) {

        public String render() {
            StringBuilder sb = new StringBuilder();
            if (!started.isEmpty()) {
                sb.append("started:          ")
                        .append(String.join(", ", started))
                        .append('\n');
            }
            if (!alreadyRunning.isEmpty()) {
                sb.append("already running:  ")
                        .append(String.join(", ", alreadyRunning))
                        .append('\n');
            }
            sb.append("PostgreSQL:       ").append(postgresJdbcUrl).append("  (user postgres)\n");
            sb.append("Kafka bootstrap:  ")
                    .append(kafkaBootstrap)
                    .append("  (SASL/SCRAM-SHA-512; passwords in ")
                    .append(stateDir.resolve("kafka-credentials"))
                    .append(")\n");
            serviceUrls.forEach(
                    (name, url) -> sb.append(String.format("%-22s %s   health: %s/q/health%n", name + ":", url, url)));
            sb.append("state dir:        ").append(stateDir).append('\n');
            return sb.toString();
        }
    }

    /** One line of {@link #status()}. */
    public record ComponentStatus(String name, OptionalLong pid, int port, boolean running, boolean ready, Path log) {

        public String render() {
            return String.format(
                    "%-22s %-8s pid %-8s port %-6d %s",
                    name,
                    running ? (ready ? "ready" : "starting") : "stopped",
                    pid.isPresent() ? String.valueOf(pid.getAsLong()) : "-",
                    port,
                    log);
        }
    }

    /** A stack operation failed; the message carries the relevant log lines. */
    public static final class StackException extends RuntimeException {
        public StackException(String message) {
            super(message);
        }

        public StackException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
