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
 * embedded KRaft broker and zonky's PostgreSQL binaries otherwise (these machines and CI have no Docker).
 */
public final class TestInfrastructure {

    public static final String DB_USER = "postgres";
    public static final String DB_PASSWORD = "postgres";

    private static TestInfrastructure instance;

    private final String kafkaBootstrap;
    private final String postgresHost;
    private final int postgresPort;
    private final AutoCloseable[] closeables;

    private TestInfrastructure(String kafkaBootstrap, String postgresHost, int postgresPort,
            AutoCloseable... closeables) {
        this.kafkaBootstrap = kafkaBootstrap;
        this.postgresHost = postgresHost;
        this.postgresPort = postgresPort;
        this.closeables = closeables;
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            instance = dockerAvailable() ? withContainers() : embedded();
            instance.createTopics(Topics.all(List.of()));
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "test-infrastructure-stop"));
        }
        return instance;
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

    @SuppressWarnings("resource")
    private static TestInfrastructure withContainers() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.0");
        PostgreSQLContainer postgres = new PostgreSQLContainer(System.getProperty("test-support.postgres-image",
                "postgres:17")).withUsername(DB_USER)
                .withPassword(DB_PASSWORD).withCommand("postgres", "-c", "max_connections=300");
        kafka.start();
        postgres.start();
        return new TestInfrastructure(kafka.getBootstrapServers(), postgres.getHost(),
                postgres.getMappedPort(5432), kafka, postgres);
    }

    private static TestInfrastructure embedded() {
        try {
            EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().withKafkaPort(freePort())
                    .withControllerPort(freePort()).withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(p -> {
                        p.put("num.partitions", "2");
                        p.put("auto.create.topics.enable", "false");
                        p.put("group.initial.rebalance.delay.ms", "0");
                    }).start();
            String bootstrap = kafka.getAdvertisedListeners().replace("PLAINTEXT://", "");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(freePort())
                    .setServerConfig("max_connections", "300").start();
            return new TestInfrastructure(bootstrap, "localhost", postgres.getPort(), kafka, postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
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
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        try (AdminClient admin = AdminClient.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 2, (short) 1)).toList();
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
                "kafka.bootstrap.servers", kafkaBootstrap,
                "quarkus.datasource.reactive.url", reactiveUrl(database),
                "quarkus.datasource.jdbc.url", jdbcUrl(database),
                "quarkus.datasource.username", DB_USER,
                "quarkus.datasource.password", DB_PASSWORD,
                "dsr.keys-dir", newKeysDir().toString());
    }

    private void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort at JVM exit
            }
        }
    }
}
