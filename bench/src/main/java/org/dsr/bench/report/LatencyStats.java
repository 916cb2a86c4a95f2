package org.dsr.bench.report;

import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

/** End-to-end latencies in an HdrHistogram (microsecond resolution, up to one day, 3 significant digits). */
public final class LatencyStats {

    private final Histogram histogram = new Histogram(TimeUnit.DAYS.toMicros(1), 3);

    public synchronized void recordNanos(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
    }

    public synchronized long count() {
        return histogram.getTotalCount();
    }

    /** Percentile in milliseconds (NaN when empty). */
    public synchronized double percentileMillis(double percentile) {
        return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public synchronized double maxMillis() {
        return count() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
    }

    public synchronized double meanMillis() {
        return count() == 0 ? Double.NaN : histogram.getMean() / 1000.0;
    }

    /** {@code {count, p50_ms, p95_ms, p99_ms, p999_ms, max_ms, mean_ms}} */
    public synchronized ObjectNode toJson() {
        ObjectNode n = Report.MAPPER.createObjectNode();
        n.put("count", count());
        n.put("p50_ms", Report.round(percentileMillis(50), 1));
        n.put("p95_ms", Report.round(percentileMillis(95), 1));
        n.put("p99_ms", Report.round(percentileMillis(99), 1));
        n.put("p999_ms", Report.round(percentileMillis(99.9), 1));
        n.put("max_ms", Report.round(maxMillis(), 1));
        n.put("mean_ms", Report.round(meanMillis(), 1));
        return n;
    }

    public synchronized String render() {
        if (count() == 0) {
            return "no completions";
        }
        return String.format(
                "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms (%d sagas)",
                percentileMillis(50), percentileMillis(95), percentileMillis(99), maxMillis(), count());
    }
}
