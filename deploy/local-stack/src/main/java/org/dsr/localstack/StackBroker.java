package org.dsr.localstack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
import org.dsr.localstack.LocalStack.StackException;

/**
 * The stack's Kafka broker: one KRaft node (broker and controller) run from {@code deploy/local-stack/target/kafka-libs}
 * as a detached process, its storage under {@code <baseDir>/kafka} formatted once with the admin's SCRAM credential;
 * at every start it gets the stack's topics and their settings and, through {@link StackKafka}, every principal's
 * credential and ACLs.
 */
final class StackBroker {

    static final String NAME = "kafka";
    /** The environment variable that sets how long {@code dsr.intake} keeps a record (e.g. PT6H). */
    static final String INTAKE_RETENTION = "DSR_INTAKE_RETENTION";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int TOPIC_PARTITIONS = 4;

    private static final String LOG4J2 = String.join(
            "\n",
            "status = warn",
            "appender.console.type = Console",
            "appender.console.name = STDOUT",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = WARN",
            "rootLogger.appenderRef.stdout.ref = STDOUT",
            "");

    private final StackConfig config;
    private final DetachedProcesses processes;

    StackBroker(StackConfig config, DetachedProcesses processes) {
        this.config = config;
        this.processes = processes;
    }

    /** Starts the broker unless it runs (formatting its storage the first time), then sets up topics and access. */
    StartOutcome ensure() {
        StartOutcome outcome = StartOutcome.ALREADY_RUNNING;
        if (!processes.isRunning(NAME)) {
            Path libs = config.kafkaLibsDir();
            if (!Files.isDirectory(libs)) {
                throw new StackException("Kafka jars missing at " + libs + ": build deploy/local-stack first "
                        + "(./mvnw -pl deploy/local-stack -am package -DskipTests)");
            }
            Path dir = config.kafkaDir();
            StackFiles.mkdirs(dir);
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
            StackFiles.writeOwnerOnly(props, serverProperties(adminPassword));
            StackFiles.writeString(log4j, LOG4J2);
            if (!formatted) {
                formatStorage(props, log4j, adminPassword);
            }
            List<String> cmd = new ArrayList<>(List.of(
                    DetachedProcesses.javaBin(),
                    "-Xms256m",
                    "-Xmx512m",
                    "-XX:+UseG1GC",
                    "-Djava.awt.headless=true",
                    "-Dlog4j2.configurationFile=" + log4j.toUri(),
                    "-cp",
                    libs + File.separator + "*",
                    "kafka.Kafka",
                    props.toString()));
            processes.spawn(NAME, cmd, Map.of(), "java");
            outcome = StartOutcome.STARTED;
        }
        awaitAndCreateTopics();
        return outcome;
    }

    /** Whether the broker answers the stack's admin within the timeout. */
    boolean answers(Duration timeout) {
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

    /** Every topic the stack creates: the shared ones and a command topic per processor, each with its .dlq. */
    List<String> topics() {
        return Topics.all(StackProcessors.all(config));
    }

    /**
     * The settings topics are created with, beside {@link #topics()}: {@code dsr.intake} and its dead letters carry
     * identifiers in plaintext and are kept only {@code DSR_INTAKE_RETENTION} (ISO-8601, default a day).
     */
    Map<String, Map<String, String>> topicConfigs() {
        return Topics.configs(Topics.plaintextRetention(System.getenv(INTAKE_RETENTION)));
    }

    /** One topic's settings as the broker reports them (defaults included). */
    Map<String, String> topicConfig(String topic) {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = admin(Duration.ofSeconds(10))) {
            Map<String, String> settings = new LinkedHashMap<>();
            admin.describeConfigs(List.of(resource))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(resource)
                    .entries()
                    .forEach(e -> settings.put(e.name(), e.value()));
            return settings;
        } catch (Exception e) {
            throw new StackException("describing topic " + topic + " failed: " + e, e);
        }
    }

    /** The names of the topics that exist on the broker. */
    Set<String> listTopics() {
        try (Admin admin = admin(Duration.ofSeconds(10))) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new StackException("listing topics failed: " + e, e);
        }
    }

    /** The broker's settings; SASL/SCRAM, the authorizer and the admin as super user as {@link BrokerSecurity} says. */
    private String serverProperties(String adminPassword) {
        String data = config.kafkaDir().resolve("data").toString();
        List<String> security = new ArrayList<>();
        BrokerSecurity.properties("127.0.0.1", config.kafkaPort(), config.kafkaControllerPort(), adminPassword)
                .forEach((k, v) -> security.add(k + "=" + v));
        return String.join(
                "\n",
                "# written by org.dsr.localstack.StackBroker on every start",
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
                "");
    }

    /** Formats the storage with the admin's SCRAM credential in it: the admin must exist before anyone logs in. */
    private void formatStorage(Path props, Path log4j, String adminPassword) {
        Path idFile = config.kafkaDir().resolve("cluster.id");
        String clusterId;
        if (Files.isRegularFile(idFile)) {
            clusterId = StackFiles.readString(idFile).trim();
        } else {
            clusterId = Uuid.randomUuid().toString();
            StackFiles.writeString(idFile, clusterId + "\n");
        }
        List<String> cmd = List.of(
                DetachedProcesses.javaBin(),
                "-Xmx256m",
                "-Dlog4j2.configurationFile=" + log4j.toUri(),
                "-cp",
                config.kafkaLibsDir() + File.separator + "*",
                "kafka.tools.StorageTool",
                "format",
                "--config",
                props.toString(),
                "--cluster-id",
                clusterId,
                "--ignore-formatted",
                "--add-scram",
                BrokerSecurity.adminScramArgument(adminPassword));
        processes.runToLog(cmd, config.logFile("kafka-format"), Duration.ofSeconds(60), "kafka storage format");
    }

    private Admin admin(Duration timeout) {
        Properties p = new Properties();
        p.putAll(StackKafka.admin(config));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 5000));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(p);
    }

    private void awaitAndCreateTopics() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        try (Admin admin = admin(Duration.ofSeconds(10))) {
            Exception last = null;
            while (true) {
                if (!processes.isRunning(NAME)) {
                    throw new StackException("Kafka exited while starting; last lines of " + config.logFile(NAME)
                            + ":\n" + StackFiles.tail(config.logFile(NAME), 30));
                }
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(2, TimeUnit.SECONDS)
                            .isEmpty()) {
                        break;
                    }
                } catch (Exception e) {
                    last = e;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new StackException("Kafka not reachable on " + config.kafkaBootstrap() + " after "
                            + START_TIMEOUT.toSeconds() + " s: " + last + "\n"
                            + StackFiles.tail(config.logFile(NAME), 30));
                }
                DetachedProcesses.sleep(300);
            }
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<String, Map<String, String>> configs = topicConfigs();
            List<NewTopic> missing = topics().stream()
                    .filter(t -> !existing.contains(t))
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
            configs.forEach((topic, settings) -> changes.put(
                    new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    settings.entrySet().stream()
                            .map(e -> new AlterConfigOp(
                                    new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                            .toList()));
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
            // every principal's credential and ACLs, from the description (idempotent)
            StackKafka.grant(admin, config);
        } catch (StackException e) {
            throw e;
        } catch (Exception e) {
            throw new StackException("Kafka setup failed: " + e, e);
        }
    }
}
