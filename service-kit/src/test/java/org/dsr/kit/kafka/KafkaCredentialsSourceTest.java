package org.dsr.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaCredentialsSourceTest {

    @TempDir
    Path dir;

    @Test
    void aUserNameAndAPasswordFileBecomeTheServicesSaslSettings() throws Exception {
        Path file = dir.resolve("request-service.password");
        Files.writeString(file, "0123abcd\n");
        Map<String, String> settings =
                settings(Map.of("dsr.kafka.username", "request-service", "dsr.kafka.password-file", file.toString()));
        assertThat(settings)
                .containsEntry("kafka.security.protocol", "SASL_PLAINTEXT")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "kafka.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule "
                                + "required username=\"request-service\" password=\"0123abcd\";");
    }

    @Test
    void aUserNameWithoutAPasswordStopsTheStart() {
        assertThatThrownBy(() -> settings(Map.of("dsr.kafka.username", "connector")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dsr.kafka.password-file");
        assertThatThrownBy(() -> settings(Map.of(
                        "dsr.kafka.username",
                        "connector",
                        "dsr.kafka.password-file",
                        dir.resolve("missing").toString())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAUserNameNothingIsSet() {
        assertThat(settings(Map.of())).isEmpty();
    }

    private static Map<String, String> settings(Map<String, String> config) {
        Iterator<ConfigSource> sources =
                new KafkaCredentialsSource().getConfigSources(context(config)).iterator();
        return sources.hasNext() ? sources.next().getProperties() : Map.of();
    }

    private static ConfigSourceContext context(Map<String, String> config) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                String value = config.get(name);
                return value == null
                        ? null
                        : ConfigValue.builder().withName(name).withValue(value).build();
            }

            @Override
            public List<String> getProfiles() {
                return List.of();
            }

            @Override
            public Iterator<String> iterateNames() {
                return config.keySet().iterator();
            }
        };
    }
}
