package org.dsr.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dsr.localstack.ServiceSpec;
import org.dsr.localstack.StackConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchStackTest {

    @TempDir
    Path dir;

    @Test
    void samplePeopleGoToTheSampleProcessorsOnly() {
        StackConfig config = BenchStack.withSamplePeople(StackConfig.defaults(dir), 1234);
        assertThat(config.services()).anyMatch(ServiceSpec::isSampleProcessor).anyMatch(s -> !s.isSampleProcessor());
        for (ServiceSpec s : config.services()) {
            if (s.isSampleProcessor()) {
                assertThat(config.serviceEnv(s.name())).containsEntry(BenchStack.SAMPLE_PEOPLE_ENV, "1234");
            } else {
                assertThat(config.serviceEnv(s.name())).doesNotContainKey(BenchStack.SAMPLE_PEOPLE_ENV);
            }
        }
    }
}
