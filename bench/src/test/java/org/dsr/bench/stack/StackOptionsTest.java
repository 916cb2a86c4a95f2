package org.dsr.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dsr.localstack.StackConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackOptionsTest {

    @TempDir
    Path dir;

    @Test
    void randomPortsAreRememberedByTheStateDirectory() {
        StackOptions random = new StackOptions(dir, dir.resolve("state"), true, false);
        StackConfig first = random.config();
        assertThat(first.kafkaPort()).isNotEqualTo(StackConfig.DEFAULT_KAFKA_PORT);
        assertThat(dir.resolve("state").resolve(StackOptions.PORTS_FILE)).exists();

        // a later command on the same directory, with or without --random-ports, finds the same ports
        StackConfig again = new StackOptions(dir, dir.resolve("state"), false, false).config();
        assertThat(again.kafkaPort()).isEqualTo(first.kafkaPort());
        assertThat(again.postgresPort()).isEqualTo(first.postgresPort());
        assertThat(again.servicePort("request-service")).isEqualTo(first.servicePort("request-service"));
        assertThat(again.servicePort("payments")).isEqualTo(first.servicePort("payments"));
    }

    @Test
    void defaultPortsWithoutTheOption() {
        StackConfig config = new StackOptions(dir, dir.resolve("other"), false, false).config();
        assertThat(config.kafkaPort()).isEqualTo(StackConfig.DEFAULT_KAFKA_PORT);
        assertThat(config.servicePort("request-service")).isEqualTo(8080);
        assertThat(config.baseDir()).isEqualTo(dir.resolve("other"));
    }
}
