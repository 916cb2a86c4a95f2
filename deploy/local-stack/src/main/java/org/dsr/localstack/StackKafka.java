package org.dsr.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.dsr.contracts.access.BrokerSecurity;
import org.dsr.contracts.access.KafkaAccess;
import org.dsr.contracts.access.KafkaAccess.Deployment;

/**
 * The stack's Kafka principals: one password per principal of {@link KafkaAccess}, generated on first start into
 * {@code <baseDir>/kafka-credentials/<principal>.password} (directory {@code rwx------}, each file {@code rw-------}
 * from its first byte), the SCRAM credentials and ACLs made from them and the description, and client settings for
 * the launcher's own tools (bench, system tests) from the same files.
 */
public final class StackKafka {

    private static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_512;

    private StackKafka() {}

    /** Which processors the stack's broker serves: the policy's and the connector's; the connector hosts its own. */
    static Deployment deployment(StackConfig config) {
        return new Deployment(StackProcessors.all(config), StackProcessors.ofConnector(), List.of());
    }

    public static Path passwordFile(StackConfig config, String principal) {
        return config.kafkaCredentialsDir().resolve(principal + ".password");
    }

    /** Whether the admin's password exists (it is what the broker's storage was formatted with). */
    static boolean adminPasswordExists(StackConfig config) {
        return Files.isRegularFile(passwordFile(config, KafkaAccess.ADMIN));
    }

    /** The principal's password; generated, owner-only, the first time. */
    public static String password(StackConfig config, String principal) {
        Path file = passwordFile(config, principal);
        try {
            if (!Files.exists(file)) {
                Path dir = config.kafkaCredentialsDir();
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                Path tmp = Files.createTempFile(
                        dir,
                        "." + principal + ".",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    Files.writeString(tmp, BrokerSecurity.newPassword() + "\n", StandardCharsets.US_ASCII);
                    // link(2) fails when the name exists: a concurrent launcher's password stands
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException raced) {
                    // theirs is read below
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (password.isEmpty()) {
                throw new IllegalStateException("Kafka password file " + file + " is empty");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("reading or creating " + file, e);
        }
    }

    /** Bootstrap servers and SASL settings of a client acting as {@code principal}. */
    public static Map<String, Object> client(StackConfig config, String principal) {
        Map<String, Object> props = new HashMap<>(KafkaAccess.clientProperties(principal, password(config, principal)));
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        return props;
    }

    /** Client settings of the admin, the broker's super user: what the bench and the system tests use. */
    public static Map<String, Object> admin(StackConfig config) {
        return client(config, KafkaAccess.ADMIN);
    }

    /** The Kafka settings a service gets: its principal and its password file, never the password itself. */
    static Map<String, String> serviceEnvironment(StackConfig config, String principal) {
        password(config, principal);
        return Map.of(
                "DSR_KAFKA_USERNAME",
                principal,
                "DSR_KAFKA_PASSWORD_FILE",
                passwordFile(config, principal).toString());
    }

    /** The principal a service authenticates as, if it is a Kafka client at all. */
    static Optional<String> principalOf(ServiceSpec service) {
        // a second instance of a service (the same jar under another name) is that service: same principal
        return switch (StackKeys.keySetOf(service)) {
            case ServiceSpec.REQUEST_SERVICE -> Optional.of(KafkaAccess.REQUEST_SERVICE);
            case ServiceSpec.ERASURE_ORCHESTRATOR -> Optional.of(KafkaAccess.ORCHESTRATOR);
            case ServiceSpec.CONNECTOR -> Optional.of(KafkaAccess.CONNECTOR);
            default -> Optional.empty();
        };
    }

    /**
     * Creates or updates the SCRAM credential of every principal of the description (the admin's came with the
     * storage) and creates its ACLs; both are idempotent, so this runs on every start.
     */
    static void grant(Admin admin, StackConfig config) throws Exception {
        Deployment deployment = deployment(config);
        List<UserScramCredentialAlteration> credentials = new ArrayList<>();
        for (KafkaAccess.Principal p : KafkaAccess.principals(deployment)) {
            credentials.add(new UserScramCredentialUpsertion(
                    p.name(), new ScramCredentialInfo(MECHANISM, 4096), password(config, p.name())));
        }
        admin.alterUserScramCredentials(credentials).all().get(30, TimeUnit.SECONDS);
        admin.createAcls(KafkaAccess.acls(deployment).stream()
                        .map(StackKafka::binding)
                        .toList())
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    static AclBinding binding(KafkaAccess.Acl acl) {
        ResourceType type =
                acl.resourceType() == KafkaAccess.ResourceType.TOPIC ? ResourceType.TOPIC : ResourceType.GROUP;
        AclOperation operation = acl.operation() == KafkaAccess.Operation.READ ? AclOperation.READ : AclOperation.WRITE;
        return new AclBinding(
                new ResourcePattern(type, acl.name(), PatternType.LITERAL),
                new AccessControlEntry("User:" + acl.principal(), "*", operation, AclPermissionType.ALLOW));
    }
}
