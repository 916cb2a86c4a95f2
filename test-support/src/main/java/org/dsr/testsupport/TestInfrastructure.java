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

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.dsr.contracts.Topics;

/**
 * One real Kafka broker and one real PostgreSQL per test JVM: containers where a Docker engine is reachable, the
 * embedded KRaft broker and zonky's PostgreSQL binaries otherwise (these machines and CI have no Docker). Each is
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
    private static String kafka;

    private final String kafkaBootstrap;
    private final String postgresHost;
    private final int postgresPort;

    private record Postgres(String host, int port) {
    }

    private TestInfrastructure(String kafkaBootstrap, Postgres postgres) {
        this.kafkaBootstrap = kafkaBootstrap;
        this.postgresHost = postgres.host();
        this.postgresPort = postgres.port();
    }

    /** PostgreSQL and Kafka (with every topic of the contracts created). */
    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            instance = new TestInfrastructure(kafka(), postgres());
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

    private static String kafka() {
        if (kafka == null) {
            kafka = dockerAvailable() ? kafkaContainer() : embeddedKafka();
        }
        return kafka;
    }

    @SuppressWarnings("resource")
    private static Postgres postgresContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(System.getProperty("test-support.postgres-image",
                "postgres:17")).withUsername(DB_USER)
                .withPassword(DB_PASSWORD).withCommand("postgres", "-c", "max_connections=300");
        container.start();
        stopAtExit(container);
        return new Postgres(container.getHost(), container.getMappedPort(5432));
    }

    @SuppressWarnings("resource")
    private static String kafkaContainer() {
        KafkaContainer container = new KafkaContainer("apache/kafka:4.1.0");
        container.start();
        stopAtExit(container);
        return container.getBootstrapServers();
    }

    private static Postgres embeddedPostgres() {
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().setPort(freePort())
                    .setServerConfig("max_connections", "300").start();
            stopAtExit(embedded);
            return new Postgres("localhost", embedded.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    private static String embeddedKafka() {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().withKafkaPort(freePort())
                .withControllerPort(freePort()).withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(p -> {
                    p.put("num.partitions", "2");
                    p.put("auto.create.topics.enable", "false");
                    p.put("group.initial.rebalance.delay.ms", "0");
                }).start();
        stopAtExit(broker);
        return broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
    }

    /** Shared by every test class of the JVM: stopped at JVM exit, best effort. */
    private static void stopAtExit(AutoCloseable closeable) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // best effort at JVM exit
            }
        }, "test-infrastructure-stop"));
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
        try (Connection c = connect("postgres"); var st = c.createStatement()) {
            var rs = st.executeQuery("select 1 from pg_database where datname = '" + name + "'");
            if (!rs.next()) {
                st.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    public void createTopics(List<String> topics) {
        if (kafkaBootstrap == null) {
            throw new IllegalStateException("this test infrastructure has no Kafka (TestInfrastructure.withoutKafka)");
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        try (AdminClient admin = AdminClient.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            // identifiers in plaintext (dsr.intake and its dead letters): kept briefly, as in a deployment
            Map<String, Map<String, String>> configs = Topics.configs(Topics.DEFAULT_PLAINTEXT_RETENTION);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 2, (short) 1).configs(configs.getOrDefault(t, Map.of()))).toList();
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
        createTopics(processors.stream().flatMap(p -> java.util.stream.Stream.of(Topics.commands(p),
                Topics.deadLetter(Topics.commands(p)))).toList());
    }

    /** A fresh keys directory, so no test ever reads the local stack's secrets. */
    public static Path newKeysDir() {
        try {
            return Files.createTempDirectory("dsr-test-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, String> serviceConfig(String database) {
        createDatabase(database);
        return Map.of(
                "kafka.bootstrap.servers", kafkaBootstrap(),
                "quarkus.datasource.reactive.url", reactiveUrl(database),
                "quarkus.datasource.jdbc.url", jdbcUrl(database),
                "quarkus.datasource.username", DB_USER,
                "quarkus.datasource.password", DB_PASSWORD,
                "dsr.keys-dir", newKeysDir().toString());
    }
}
