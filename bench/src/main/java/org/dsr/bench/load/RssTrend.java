package org.dsr.bench.load;

import java.util.List;

/**
 * Whether a process's memory stays flat while a backlog drains: the highest RSS of the last quarter of the samples
 * against the highest of the first quarter. Flat = it grew by at most {@value #TOLERANCE_MB} MB or
 * {@value #TOLERANCE_PCT}%, whichever is larger (a JVM heap breathes; a leak keeps climbing).
 */
public record RssTrend(long firstQuarterMaxKb, long lastQuarterMaxKb, boolean flat) {

    public static final long TOLERANCE_MB = 32;
    public static final long TOLERANCE_PCT = 10;

    public static RssTrend of(List<Long> samplesKb) {
        int n = samplesKb.size();
        if (n == 0) {
            return new RssTrend(0, 0, true);
        }
        int quarter = Math.max(1, n / 4);
        long first = samplesKb.subList(0, quarter).stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        long last = samplesKb.subList(n - quarter, n).stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        long tolerance = Math.max(TOLERANCE_MB * 1024, first * TOLERANCE_PCT / 100);
        return new RssTrend(first, last, last - first <= tolerance);
    }

    public double growthMb() {
        return (lastQuarterMaxKb - firstQuarterMaxKb) / 1024.0;
    }
}
