package org.dsr.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.dsr.contracts.access.BrokerSecurity;
import org.dsr.contracts.access.KafkaAccess;

/**
 * The tests' single-node KRaft broker, in this JVM, secured as {@link BrokerSecurity} says: SASL/SCRAM on its client
 * listener, the standard authorizer, the admin as super user. Each principal's password is generated the first time
 * it is asked for and kept in memory only; its SCRAM credential is created on the broker then.
 */
final class SecureKafkaBroker implements AutoCloseable {

    private static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_512;
    /**
     * Where the JVM's broker and its passwords are found by every copy of this class: a Quarkus test loads
     * test-support in more than one class loader, and a second broker in the same JVM would find the SASL providers
     * the first registered (JCA providers are JVM-wide), from the other class loader, and fail to log in to itself.
     */
    private static final String SHARED = "test-support.kafka.";

    private final KafkaRaftServer server;
    private final String bootstrap;
    private final Path logDir;

    private SecureKafkaBroker(KafkaRaftServer server, String bootstrap, Path logDir) {
        this.server = server;
        this.bootstrap = bootstrap;
        this.logDir = logDir;
    }

    /** The JVM's broker: the one another class loader started, else a new one. */
    static SecureKafkaBroker startOrJoin(int partitions) {
        synchronized (System.getProperties()) {
            String running = System.getProperty(SHARED + "bootstrap");
            if (running != null) {
                return new SecureKafkaBroker(null, running, null);
            }
            SecureKafkaBroker started = start(partitions);
            System.setProperty(SHARED + "bootstrap", started.bootstrap);
            return started;
        }
    }

    private static SecureKafkaBroker start(int partitions) {
        int port = TestInfrastructure.freePort();
        int controllerPort = TestInfrastructure.freePort();
        String adminPassword = BrokerSecurity.newPassword();
        try {
            Path logDir = Files.createTempDirectory("dsr-test-kafka");
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("log.dirs", logDir.toString());
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("num.partitions", String.valueOf(partitions));
            props.put("auto.create.topics.enable", "false");
            props.putAll(BrokerSecurity.properties("127.0.0.1", port, controllerPort, adminPassword));
            String clusterId = Uuid.randomUuid().toString();
            format(props, logDir, clusterId, adminPassword);
            // SmallRye's helpers make the broker's config and start it; the storage is already formatted (with the
            // admin's credential, which their format cannot add) and is left as it is
            KafkaRaftServer server = EmbeddedKafkaBroker.createServer(
                    EmbeddedKafkaBroker.formatStorageFromConfig(props, clusterId, true));
            System.setProperty(SHARED + "password." + KafkaAccess.ADMIN, adminPassword);
            return new SecureKafkaBroker(server, "127.0.0.1:" + port, logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
        }
    }

    /** Formats the storage with the admin's SCRAM credential in it: the admin must exist before anyone can log in. */
    private static void format(Properties props, Path logDir, String clusterId, String adminPassword)
            throws IOException {
        Path config = logDir.resolveSibling(logDir.getFileName() + ".properties");
        try (var out = Files.newOutputStream(config)) {
            props.store(out, "embedded test broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(
                new String[] {
                    "format",
                    "--config",
                    config.toString(),
                    "--cluster-id",
                    clusterId,
                    "--add-scram",
                    BrokerSecurity.adminScramArgument(adminPassword)
                },
                new PrintStream(output, true, StandardCharsets.UTF_8));
        Files.delete(config);
        if (exit != 0) {
            throw new IllegalStateException(
                    "formatting the embedded broker's storage failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    String bootstrap() {
        return bootstrap;
    }

    /** The principal's client settings (bootstrap and SASL); its credential is created on first use. */
    Map<String, Object> clientProperties(String principal) {
        String password;
        synchronized (System.getProperties()) {
            password = System.getProperty(SHARED + "password." + principal);
            if (password == null) {
                password = BrokerSecurity.newPassword();
                upsertCredential(principal, password);
                System.setProperty(SHARED + "password." + principal, password);
            }
        }
        Map<String, Object> props = new HashMap<>(KafkaAccess.clientProperties(principal, password));
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }

    String password(String principal) {
        clientProperties(principal);
        return System.getProperty(SHARED + "password." + principal);
    }

    Admin admin() {
        return Admin.create(clientProperties(KafkaAccess.ADMIN));
    }

    private void upsertCredential(String principal, String password) {
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            principal, new ScramCredentialInfo(MECHANISM, 4096), password)))
                    .all()
                    .get();
            // the controller has it; a login works once the broker has it too (a client that is not the admin's
            // Java client, kcat, does not retry a failed login)
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (!admin.describeUserScramCredentials(List.of(principal))
                    .description(principal)
                    .toCompletionStage()
                    .handle((d, failure) -> failure == null)
                    .toCompletableFuture()
                    .get()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker does not know the credential of " + principal);
                }
                Thread.onSpinWait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the Kafka credential of " + principal, e.getCause());
        }
    }

    /** Creates the ACLs (creating one that exists changes nothing). */
    void grant(Collection<KafkaAccess.Acl> acls) {
        List<AclBinding> bindings = new ArrayList<>();
        acls.forEach(acl -> bindings.add(binding(acl)));
        try (Admin admin = admin()) {
            admin.createAcls(bindings).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create ACLs", e.getCause());
        }
    }

    static AclBinding binding(KafkaAccess.Acl acl) {
        ResourceType type =
                acl.resourceType() == KafkaAccess.ResourceType.TOPIC ? ResourceType.TOPIC : ResourceType.GROUP;
        AclOperation operation = acl.operation() == KafkaAccess.Operation.READ ? AclOperation.READ : AclOperation.WRITE;
        return new AclBinding(
                new ResourcePattern(type, acl.name(), PatternType.LITERAL),
                new AccessControlEntry("User:" + acl.principal(), "*", operation, AclPermissionType.ALLOW));
    }

    @Override
    public void close() {
        if (server == null) {
            return; // another class loader's broker: it stops it
        }
        server.shutdown();
        server.awaitShutdown();
        try (var walk = Files.walk(logDir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
