package org.dsr.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoadSessionTest {

    @Test
    void runTagIsTheUtcStartTimeWithoutSeparators() {
        assertThat(LoadSession.runTag(Instant.parse("2026-11-22T06:05:09.750Z")))
                .isEqualTo("20261122T060509Zrun");
    }
}
