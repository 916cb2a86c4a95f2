package org.dsr.bench.ceiling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaCeilingTest {

    @Test
    void readsTheFinalSummaryNotTheProgressLines() {
        List<String> out = List.of(
                "149818 records sent, 29957.6 records/sec (14.63 MB/sec), 950.4 ms avg latency, 1480.0 ms max latency.",
                "300000 records sent, 30123.4 records/sec (14.71 MB/sec), 912.35 ms avg latency, 1502.00 ms max "
                        + "latency, 880 ms 50th, 1350 ms 95th, 1450 ms 99th, 1498 ms 99.9th.");
        KafkaCeiling.Result r = KafkaCeiling.parse(out, 512).orElseThrow();
        assertThat(r.records()).isEqualTo(300_000);
        assertThat(r.recordsPerSecond()).isEqualTo(30123.4);
        assertThat(r.mbPerSecond()).isEqualTo(14.71);
        assertThat(r.avgLatencyMs()).isEqualTo(912.35);
        assertThat(r.p50Ms()).isEqualTo(880);
        assertThat(r.p99Ms()).isEqualTo(1450);
        assertThat(r.recordSize()).isEqualTo(512);
        assertThat(r.toJson().path("records_per_s").asDouble()).isEqualTo(30123.4);
    }

    @Test
    void noSummaryNoResult() {
        assertThat(KafkaCeiling.parse(List.of("Exception in thread main ..."), 512))
                .isEmpty();
    }
}
