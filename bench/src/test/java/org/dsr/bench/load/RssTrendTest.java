package org.dsr.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RssTrendTest {

    @Test
    void aBreathingHeapIsFlat() {
        List<Long> kb = List.of(300_000L, 320_000L, 310_000L, 305_000L, 330_000L, 315_000L, 322_000L, 318_000L);
        RssTrend trend = RssTrend.of(kb);
        assertThat(trend.firstQuarterMaxKb()).isEqualTo(320_000L);
        assertThat(trend.lastQuarterMaxKb()).isEqualTo(322_000L);
        assertThat(trend.flat()).isTrue();
    }

    @Test
    void steadyGrowthIsNotFlat() {
        List<Long> kb = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            kb.add(200_000L + i * 5_000L);
        }
        RssTrend trend = RssTrend.of(kb);
        assertThat(trend.flat()).isFalse();
        assertThat(trend.growthMb()).isGreaterThan(100);
    }

    @Test
    void fewOrNoSamples() {
        assertThat(RssTrend.of(List.of()).flat()).isTrue();
        assertThat(RssTrend.of(List.of(100L)).flat()).isTrue();
    }
}
