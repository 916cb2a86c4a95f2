package org.dsr.kit.kafka;

import java.util.Optional;
import io.smallrye.config.ConfigMapping;

/**
 * The Kafka principal this service authenticates as (SASL/SCRAM, docs/security.md "Kafka: principals and ACLs"):
 * {@code dsr.kafka.username} and its password, given as {@code dsr.kafka.password-file} (a file holding it, read
 * once at start; the local stack's way) or {@code dsr.kafka.password}. {@link KafkaCredentialsSource} turns them into
 * the {@code kafka.security.protocol}, {@code kafka.sasl.mechanism} and {@code kafka.sasl.jaas.config} every channel
 * and client of the service uses. Without a user name the service speaks plaintext, which the broker refuses: only a
 * service that never reaches for Kafka (a processor's own system) runs without one.
 */
@ConfigMapping(prefix = "dsr.kafka")
public interface KafkaCredentialsConfig {

    Optional<String> username();

    Optional<String> password();

    Optional<String> passwordFile();
}
