package org.dsr.kit.kafka;

import java.util.List;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;

/**
 * For a Kafka client a service makes itself (not a channel): the broker and the service's own credentials, from the
 * same {@code kafka.*} settings its channels use.
 */
public final class KafkaClients {

    private static final List<String> CONNECTION =
            List.of("bootstrap.servers", "security.protocol", "sasl.mechanism", "sasl.jaas.config");

    private KafkaClients() {}

    public static Properties connection(Config config) {
        Properties props = new Properties();
        for (String name : CONNECTION) {
            config.getOptionalValue("kafka." + name, String.class).ifPresent(v -> props.put(name, v));
        }
        return props;
    }
}
