package org.dsr.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckResultTest {

    @TempDir
    Path dir;

    record Table(int lost) {}

    @Test
    void fieldsStayInTheOrderAdded() {
        Instant started = Instant.parse("2026-11-22T06:00:00Z");
        CheckResult result = new CheckResult("faults", 42, 25.0)
                .with("restEvery", 10)
                .outcome(
                        started,
                        started.plusSeconds(90).plusMillis(900),
                        started.plusSeconds(150),
                        List.of(),
                        new Table(0))
                .with("faults", List.of());
        assertThat(result.fields().keySet())
                .containsExactly(
                        "command",
                        "seed",
                        "ratePerSecond",
                        "restEvery",
                        "startedAt",
                        "sendingSeconds",
                        "settlingSeconds",
                        "passed",
                        "failures",
                        "report",
                        "faults");
        assertThat(result.fields())
                .containsEntry("startedAt", "2026-11-22T06:00:00Z")
                .containsEntry("sendingSeconds", 90L)
                .containsEntry("settlingSeconds", 59L)
                .containsEntry("passed", true);
    }

    @Test
    void writtenUnderBenchResultsByCommandAndTime() throws Exception {
        Instant t = Instant.parse("2026-11-22T06:05:09Z");
        Path file = new CheckResult("poison", 7, 0)
                .outcome(t, t, t, List.of("2 bad events not dead-lettered"), new Table(3))
                .write(dir, t);
        assertThat(file).isEqualTo(dir.resolve("bench/results/poison-20261122T060509Z.json"));
        JsonNode read = Report.MAPPER.readTree(Files.readString(file));
        assertThat(read.path("command").asText()).isEqualTo("poison");
        assertThat(read.path("seed").asLong()).isEqualTo(7);
        assertThat(read.path("passed").asBoolean()).isFalse();
        assertThat(read.path("failures").get(0).asText()).isEqualTo("2 bad events not dead-lettered");
        assertThat(read.path("report").path("lost").asInt()).isEqualTo(3);
        assertThat(Report.MAPPER.convertValue(read, Map.class)).doesNotContainKey("restEvery");
    }
}
