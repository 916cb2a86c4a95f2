package org.dsr.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.dsr.contracts.Topics;
import org.dsr.contracts.access.KafkaAccess;
import org.dsr.contracts.access.KafkaAccess.Deployment;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real Kafka broker and one real PostgreSQL per test JVM: the embedded KRaft broker, which requires SASL/SCRAM and
 * enforces the ACLs of {@link KafkaAccess} ({@link SecureKafkaBroker}); a PostgreSQL container where a Docker engine is
 * reachable, zonky's PostgreSQL binaries otherwise (these machines and CI have no Docker). Each is
 * started the first time a test needs it: {@link #get()} starts both, {@link #withoutKafka()} only PostgreSQL (for a
 * service that has no business with Kafka, e.g. a processor's own system).
 */
public final class TestInfrastructure {

    public static final String DB_USER = "postgres";
    public static final String DB_PASSWORD = "postgres";
    /** Where a service started without Kafka is told the broker is: a port nothing listens on (never a real one). */
    public static final String NO_KAFKA = "127.0.0.1:1";

    private static TestInfrastructure instance;
    private static TestInfrastructure postgresOnly;
    private static Postgres postgres;
    private static SecureKafkaBroker kafka;

    private final String kafkaBootstrap;
    private final String postgresHost;
    private final int postgresPort;

    private record Postgres(String host, int port) {}

    private TestInfrastructure(String kafkaBootstrap, Postgres postgres) {
        this.kafkaBootstrap = kafkaBootstrap;
        this.postgresHost = postgres.host();
        this.postgresPort = postgres.port();
    }

    /** PostgreSQL and Kafka (with every topic of the contracts created). */
    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            instance = new TestInfrastructure(kafka().bootstrap(), postgres());
            kafka.grant(KafkaAccess.acls(Deployment.connectorHostsAll(List.of())));
            instance.createTopics(Topics.all(List.of()));
        }
        return instance;
    }

    /**
     * PostgreSQL only; no broker is started for it. {@link #kafkaBootstrap()} is {@link #NO_KAFKA} and
     * {@link #createTopics} refuses.
     */
    public static synchronized TestInfrastructure withoutKafka() {
        if (postgresOnly == null) {
            postgresOnly = new TestInfrastructure(null, postgres());
        }
        return postgresOnly;
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("dsr.tests.no-docker")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static Postgres postgres() {
        if (postgres == null) {
            postgres = dockerAvailable() ? postgresContainer() : embeddedPostgres();
        }
        return postgres;
    }

    /**
     * Always the embedded broker, also where Docker runs: it is the one that requires SASL/SCRAM and enforces the ACLs
     * of {@link KafkaAccess}, which every service and test client here relies on.
     */
    private static SecureKafkaBroker kafka() {
        if (kafka == null) {
            kafka = SecureKafkaBroker.startOrJoin(2);
            stopAtExit(kafka);
        }
        return kafka;
    }

    @SuppressWarnings("resource")
    private static Postgres postgresContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(
                        System.getProperty("test-support.postgres-image", "postgres:17"))
                .withUsername(DB_USER)
                .withPassword(DB_PASSWORD)
                .withCommand("postgres", "-c", "max_connections=300");
        container.start();
        stopAtExit(container);
        return new Postgres(container.getHost(), container.getMappedPort(5432));
    }

    private static Postgres embeddedPostgres() {
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                    .setPort(freePort())
                    .setServerConfig("max_connections", "300")
                    .start();
            stopAtExit(embedded);
            return new Postgres("localhost", embedded.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** Shared by every test class of the JVM: stopped at JVM exit, best effort. */
    private static void stopAtExit(AutoCloseable closeable) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                closeable.close();
                            } catch (Exception ignored) {
                                // best effort at JVM exit
                            }
                        },
                        "test-infrastructure-stop"));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker's bootstrap servers; {@link #NO_KAFKA} when this infrastructure has none. */
    public String kafkaBootstrap() {
        return kafkaBootstrap == null ? NO_KAFKA : kafkaBootstrap;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), DB_USER, DB_PASSWORD);
    }

    /** Creates the database unless it exists. */
    public synchronized void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database names are lower-case identifiers");
        }
        try (Connection c = connect("postgres");
                var st = c.createStatement()) {
            var rs = st.executeQuery("select 1 from pg_database where datname = '" + name + "'");
            if (!rs.next()) {
                st.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    /**
     * Creates the topics that do not exist yet, and for each command topic among them the ACLs of its processor
     * ({@link KafkaAccess}: the orchestrator writes it, the connector and the processor's own adapter read it).
     */
    public void createTopics(List<String> topics) {
        if (kafkaBootstrap == null) {
            throw new IllegalStateException("this test infrastructure has no Kafka (TestInfrastructure.withoutKafka)");
        }
        List<String> processors = topics.stream()
                .filter(t -> t.startsWith(Topics.COMMANDS_PREFIX) && !t.endsWith(Topics.DEAD_LETTER_SUFFIX))
                .map(t -> t.substring(Topics.COMMANDS_PREFIX.length()))
                .map(p -> p.endsWith(Topics.BULK_SUFFIX) ? p.substring(0, p.length() - Topics.BULK_SUFFIX.length()) : p)
                .distinct()
                .toList();
        if (!processors.isEmpty()) {
            kafka.grant(KafkaAccess.acls(new Deployment(processors, processors, processors)));
        }
        try (Admin admin = kafka.admin()) {
            Set<String> existing = admin.listTopics().names().get();
            // identifiers in plaintext (dsr.intake and its dead letters): kept briefly, as in a deployment
            Map<String, Map<String, String>> configs = Topics.configs(Topics.DEFAULT_PLAINTEXT_RETENTION);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 2, (short) 1).configs(configs.getOrDefault(t, Map.of())))
                    .toList();
            // on a loaded machine the admin client may retry a creation the broker already did: "exists" is success
            for (var creation : admin.createTopics(missing).values().values()) {
                try {
                    creation.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics", e.getCause());
        }
    }

    /** The command topic of each processor, with its dead-letter topic. */
    public void createProcessorTopics(java.util.Collection<String> processors) {
        createTopics(processors.stream()
                .flatMap(p -> java.util.stream.Stream.of(Topics.commands(p), Topics.deadLetter(Topics.commands(p))))
                .toList());
    }

    /** A fresh keys directory, so no test ever reads the local stack's secrets. */
    public static Path newKeysDir() {
        try {
            return Files.createTempDirectory("dsr-test-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The settings of a service under test, which reaches Kafka as its own principal: the one named like the
     * application ({@code quarkus.application.name} of the module's application.properties) when the description
     * knows it, the admin for a test application that is no service (service-kit's).
     */
    public Map<String, String> serviceConfig(String database) {
        return serviceConfig(database, principalOfThisApplication());
    }

    /** The settings of a service under test that reaches Kafka as {@code principal}. */
    public Map<String, String> serviceConfig(String database, String principal) {
        createDatabase(database);
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "kafka.bootstrap.servers", kafkaBootstrap(),
                "quarkus.datasource.reactive.url", reactiveUrl(database),
                "quarkus.datasource.jdbc.url", jdbcUrl(database),
                "quarkus.datasource.username", DB_USER,
                "quarkus.datasource.password", DB_PASSWORD,
                "dsr.keys-dir", newKeysDir().toString()));
        if (kafkaBootstrap != null) {
            config.put("dsr.kafka.username", principal);
            config.put("dsr.kafka.password", kafka.password(principal));
        }
        return Map.copyOf(config);
    }

    /** The principal a service of this module authenticates as in tests (see {@link #serviceConfig(String)}). */
    public static String principalOfThisApplication() {
        // every application.properties on the class path: Quarkus adds its own (test overrides) before the module's
        String name = "";
        try {
            var found = Thread.currentThread().getContextClassLoader().getResources("application.properties");
            while (found.hasMoreElements() && name.isEmpty()) {
                Properties app = new Properties();
                try (var in = found.nextElement().openStream()) {
                    app.load(in);
                }
                name = app.getProperty("quarkus.application.name", "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(KafkaAccess.REQUEST_SERVICE, KafkaAccess.ORCHESTRATOR, KafkaAccess.CONNECTOR)
                        .contains(name)
                ? name
                : KafkaAccess.ADMIN;
    }

    /**
     * Client settings (bootstrap servers and SASL) for a Kafka client of a test that acts as {@code principal}; its
     * credential is created on first use.
     */
    public Map<String, Object> kafkaClient(String principal) {
        if (kafkaBootstrap == null) {
            throw new IllegalStateException("this test infrastructure has no Kafka (TestInfrastructure.withoutKafka)");
        }
        return kafka.clientProperties(principal);
    }

    /** Client settings of the admin (the broker's super user): what a test's own producers and readers use. */
    public Map<String, Object> kafkaAdminClient() {
        return kafkaClient(KafkaAccess.ADMIN);
    }

    /** The principal's password, for a client configured by hand (kcat). */
    public String kafkaPassword(String principal) {
        kafkaClient(principal);
        return kafka.password(principal);
    }
}
