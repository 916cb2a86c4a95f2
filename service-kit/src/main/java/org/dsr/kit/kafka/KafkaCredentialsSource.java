package org.dsr.kit.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.dsr.contracts.access.KafkaAccess;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Makes the Kafka client settings of {@link KafkaCredentialsConfig}: SASL over plaintext with SCRAM and a JAAS line
 * naming the service's own principal. Ordinal 260: above application.properties, below the environment and system
 * properties, so an explicit {@code KAFKA_SASL_JAAS_CONFIG} still wins. A user name without a readable password stops
 * the start rather than connecting as nobody.
 */
public class KafkaCredentialsSource implements ConfigSourceFactory {

    static final int ORDINAL = 260;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String username = value(context, "dsr.kafka.username");
        if (username == null) {
            return List.of();
        }
        String password = value(context, "dsr.kafka.password");
        String passwordFile = value(context, "dsr.kafka.password-file");
        if (password == null && passwordFile != null) {
            password = read(Path.of(passwordFile));
        }
        if (password == null) {
            throw new IllegalStateException("dsr.kafka.username is set but neither dsr.kafka.password-file nor "
                    + "dsr.kafka.password is: the service would reach Kafka without its password");
        }
        Map<String, String> settings = new java.util.HashMap<>();
        KafkaAccess.clientProperties(username, password).forEach((k, v) -> settings.put("kafka." + k, v));
        return List.of(new MapBackedConfigSource("Kafka credentials of " + username, settings, ORDINAL) {});
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }

    private static String read(Path file) {
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                throw new IllegalStateException("dsr.kafka.password-file " + file + " is empty");
            }
            return password;
        } catch (IOException e) {
            throw new IllegalStateException("dsr.kafka.password-file " + file + " cannot be read", e);
        }
    }
}
