package org.dsr.contracts.access;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the single-node KRaft broker of the tests and of the local stack enforces {@link KafkaAccess}: its only client
 * listener ({@code CLIENT}) takes SASL/SCRAM and nothing else, the standard authorizer refuses whatever no ACL allows,
 * and the admin is the one super user. The controller listener is not open either: it takes SASL/PLAIN with the
 * admin as its only user (KRaft cannot check SCRAM there: the credentials live in the metadata the controller
 * serves), so the broker talks to its controller as the admin and nobody else can. Inter-broker traffic uses the
 * client listener with the admin's SCRAM credential.
 */
public final class BrokerSecurity {

    public static final String CLIENT_LISTENER = "CLIENT";
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerSecurity() {}

    /** Listener and security settings of the broker; the rest (log dirs, replication factors) is the caller's. */
    public static Map<String, String> properties(String host, int port, int controllerPort, String adminPassword) {
        String admin = KafkaAccess.ADMIN;
        Map<String, String> p = new LinkedHashMap<>();
        p.put(
                "listeners",
                CLIENT_LISTENER + "://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":"
                        + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + port);
        p.put(
                "listener.security.protocol.map",
                CLIENT_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("sasl.mechanism.inter.broker.protocol", KafkaAccess.SASL_MECHANISM);
        p.put("listener.name.client.sasl.enabled.mechanisms", KafkaAccess.SASL_MECHANISM);
        p.put(
                "listener.name.client." + KafkaAccess.SASL_MECHANISM.toLowerCase() + ".sasl.jaas.config",
                KafkaAccess.jaasConfig(admin, adminPassword));
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put(
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + admin
                        + "\" password=\"" + adminPassword + "\" user_" + admin + "=\"" + adminPassword + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:" + admin);
        return p;
    }

    /** The {@code kafka-storage format --add-scram} argument that creates the admin's credential with the storage. */
    public static String adminScramArgument(String adminPassword) {
        return KafkaAccess.SASL_MECHANISM + "=[name=" + KafkaAccess.ADMIN + ",password=" + adminPassword + "]";
    }

    /** A new random password: 32 hex digits (128 bits), nothing a JAAS line or a format argument must escape. */
    public static String newPassword() {
        byte[] raw = new byte[16];
        new SecureRandom().nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }
}
