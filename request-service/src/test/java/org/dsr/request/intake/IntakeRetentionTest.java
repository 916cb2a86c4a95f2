package org.dsr.request.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.dsr.contracts.Topics;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * dsr.intake and its dead letters carry identifiers in plaintext (the producers' events, unchanged): the broker keeps
 * them a day, not the broker's week. Asked of the real broker the tests run against.
 */
@RealInfrastructureTest
class IntakeRetentionTest {

    @Test
    void theTopicsCarryingPlaintextIdentifiersAreKeptADayAndTheOthersKeepTheBrokersDefault() throws Exception {
        try (Admin admin = Admin.create(TestInfrastructure.get().kafkaAdminClient())) {
            String day = String.valueOf(Duration.ofHours(24).toMillis());
            for (String topic : List.of(Topics.INTAKE, Topics.deadLetter(Topics.INTAKE))) {
                var retention = config(admin, topic).get("retention.ms");
                assertThat(retention.value()).as(topic).isEqualTo(day);
                assertThat(retention.source())
                        .as(topic)
                        .isEqualTo(org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            }
            // pseudonyms and ciphertext only: no topic-level override
            for (String topic : List.of(Topics.REQUESTS, Topics.COMPLETIONS, Topics.deadLetter(Topics.OUTCOMES))) {
                assertThat(config(admin, topic).get("retention.ms").source())
                        .as(topic)
                        .isNotEqualTo(org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            }
        }
    }

    @Test
    void theRetentionIsConfigurableAndMustBePositive() {
        assertThat(Topics.plaintextRetention(null)).isEqualTo(Duration.ofHours(24));
        assertThat(Topics.plaintextRetention(" ")).isEqualTo(Duration.ofHours(24));
        assertThat(Topics.configs(Topics.plaintextRetention("PT6H")))
                .containsEntry(Topics.INTAKE, Map.of("retention.ms", "21600000"))
                .containsEntry(Topics.deadLetter(Topics.INTAKE), Map.of("retention.ms", "21600000"))
                .hasSize(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Topics.plaintextRetention("6 hours"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Topics.configs(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource))
                .all()
                .get(20, TimeUnit.SECONDS)
                .get(resource);
    }
}
