package org.dsr.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path dir;

    @Test
    void ceilingRatioIsPerSagaTimesRateOverCeiling() {
        // 10 messages per saga at 150 sagas/s against 30k records/s: 5% of the broker
        assertThat(Report.ceilingRatio(10, 150, 30_000)).isCloseTo(0.05, within(1e-12));
        // 12 commits per saga at 150/s against 11k commits/s
        assertThat(Report.ceilingRatio(12, 150, 11_000)).isCloseTo(0.163636, within(1e-6));
        assertThat(Report.ceilingRatio(10, 150, 0)).isNaN();
        assertThat(Report.ceilingRatio(Double.NaN, 150, 100)).isNaN();
    }

    @Test
    void perSagaAndRates() {
        assertThat(Report.perSaga(25_000, 2_000)).isEqualTo(12.5);
        assertThat(Report.perSaga(10, 0)).isNaN();
        assertThat(Report.rate(500, 2_000_000_000L)).isEqualTo(250.0);
        assertThat(Report.rate(500, 0)).isNaN();
        assertThat(Report.round(12.3456, 2)).isEqualTo(12.35);
    }

    @Test
    void resultFileIsNamedByTimeAndLabelAndHoldsTheSagaRate() throws Exception {
        Instant at = Instant.parse("2026-11-22T06:05:09Z");
        assertThat(Report.fileName(at, "kafka 2000/paced")).isEqualTo("20261122T060509Z-kafka-2000-paced.json");
        assertThat(Report.fileName(at, "")).isEqualTo("20261122T060509Z-run.json");
        ObjectNode result = Report.newResult("run", "smoke", at);
        result.put("sagas_per_s", 123.45);
        Path file = Report.write(dir.resolve("results"), at, "smoke", result);
        JsonNode read = Report.MAPPER.readTree(Files.readString(file));
        assertThat(read.path("sagas_per_s").asDouble()).isEqualTo(123.45);
        assertThat(read.path("command").asText()).isEqualTo("run");
        assertThat(read.path("started_at").asText()).isEqualTo("2026-11-22T06:05:09Z");
    }

    @Test
    void latencyPercentiles() {
        LatencyStats stats = new LatencyStats();
        for (int ms = 1; ms <= 1000; ms++) {
            stats.recordNanos(ms * 1_000_000L);
        }
        assertThat(stats.count()).isEqualTo(1000);
        assertThat(stats.percentileMillis(50)).isCloseTo(500, within(1.0));
        assertThat(stats.percentileMillis(95)).isCloseTo(950, within(1.0));
        assertThat(stats.percentileMillis(99)).isCloseTo(990, within(1.0));
        assertThat(stats.maxMillis()).isCloseTo(1000, within(1.0));
        JsonNode json = stats.toJson();
        assertThat(json.path("p99_ms").asDouble()).isCloseTo(990, within(1.0));
        assertThat(new LatencyStats().percentileMillis(50)).isNaN();
        assertThat(new LatencyStats().render()).isEqualTo("no completions");
    }

    @Test
    void cpuModelFromCpuinfo() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n"
                + "processor\t: 1\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n";
        assertThat(MachineInfo.cpuModel(cpuinfo)).isEqualTo("Intel(R) Xeon(R) CPU @ 2.20GHz");
        assertThat(MachineInfo.cpuModel("")).isEqualTo("unknown");
    }
}
