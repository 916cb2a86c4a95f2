package org.dsr.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrProfilerTest {

    @TempDir
    Path dir;

    static volatile double sink;

    @Test
    void countsExecutionSamplesByTopFrameAndByFirstApplicationFrame() throws Exception {
        Path file = dir.resolve("busy.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.start();
            long end = System.nanoTime() + 400_000_000L;
            while (System.nanoTime() < end) {
                busy();
            }
            r.stop();
            r.dump(file);
        }
        Map<String, Long> top = JfrProfiler.topFrames(file);
        assertThat(top).isNotEmpty();
        Map<String, Long> app = JfrProfiler.frames(file, "org.dsr.");
        assertThat(app.keySet()).anyMatch(m -> m.startsWith(JfrProfilerTest.class.getName() + "."));
        assertThat(app.values().stream().mapToLong(Long::longValue).sum())
                .isLessThanOrEqualTo(
                        top.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void topSortsByCountThenName() {
        List<Map.Entry<String, Long>> top = JfrProfiler.top(Map.of("b", 5L, "a", 5L, "c", 9L, "d", 1L), 3);
        assertThat(top).extracting(Map.Entry::getKey).containsExactly("c", "a", "b");
    }

    private static void busy() {
        double x = 0;
        for (int i = 1; i < 10_000; i++) {
            x += Math.sqrt(i) * Math.sin(i);
        }
        sink = x;
    }
}
