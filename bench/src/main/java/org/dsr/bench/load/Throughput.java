package org.dsr.bench.load;

import org.dsr.bench.report.Report;

/** Rates from a sorted series of event times (nanoseconds). */
public final class Throughput {

    private Throughput() {}

    /** Events per second from the first to the last event: (n - 1) intervals over that span. */
    public static double firstToLast(long[] sortedNanos) {
        if (sortedNanos.length < 2) {
            return Double.NaN;
        }
        return Report.rate(sortedNanos.length - 1, sortedNanos[sortedNanos.length - 1] - sortedNanos[0]);
    }

    /**
     * The steady middle: events per second between the event at {@code fromFraction} and the one at
     * {@code toFraction} of the series (0.25 and 0.75 leave out ramp-up and the tail).
     */
    public static double middle(long[] sortedNanos, double fromFraction, double toFraction) {
        int n = sortedNanos.length;
        if (n < 4) {
            return Double.NaN;
        }
        int from = (int) Math.floor((n - 1) * fromFraction);
        int to = (int) Math.ceil((n - 1) * toFraction);
        if (to <= from) {
            return Double.NaN;
        }
        return Report.rate(to - from, sortedNanos[to] - sortedNanos[from]);
    }

    /** Counts per whole second since {@code originNanos} (a timeline for the JSON). */
    public static long[] perSecond(long[] sortedNanos, long originNanos) {
        if (sortedNanos.length == 0) {
            return new long[0];
        }
        int seconds = (int) Math.max(0, (sortedNanos[sortedNanos.length - 1] - originNanos) / 1_000_000_000L) + 1;
        long[] buckets = new long[seconds];
        for (long t : sortedNanos) {
            int s = (int) Math.max(0, (t - originNanos) / 1_000_000_000L);
            buckets[Math.min(s, seconds - 1)]++;
        }
        return buckets;
    }
}
