package org.dsr.bench.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop schedule: request {@code i} is due at {@code start + i / rate}, whatever happened to the requests before
 * it, and its latency is measured from that due time. A sender that falls behind (back-pressure) therefore shows up as
 * latency instead of silently lowering the offered rate (no coordinated omission). Rate 0 = as fast as possible: each
 * request is due when it is sent.
 */
public final class Pacer {

    private final double ratePerSecond;
    private final long startNanos;

    public Pacer(double ratePerSecond, long startNanos) {
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("rate must be >= 0");
        }
        this.ratePerSecond = ratePerSecond;
        this.startNanos = startNanos;
    }

    /** Nanoseconds after the start at which request {@code index} is due (0 for every request at rate 0). */
    public static long offsetNanos(long index, double ratePerSecond) {
        if (ratePerSecond <= 0) {
            return 0;
        }
        return Math.round(index * (1e9 / ratePerSecond));
    }

    /** Requests a run of {@code seconds} at {@code rate} sends (at least one). */
    public static long requestsFor(double seconds, double ratePerSecond) {
        return Math.max(1, (long) Math.floor(seconds * ratePerSecond));
    }

    public boolean paced() {
        return ratePerSecond > 0;
    }

    /** The due time of request {@code index} (System.nanoTime scale); "now" when unpaced. */
    public long dueNanos(long index) {
        return paced() ? startNanos + offsetNanos(index, ratePerSecond) : System.nanoTime();
    }

    /** Sleeps until {@code dueNanos} (returns at once when it has passed). */
    public static void awaitDue(long dueNanos) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(wait, 50_000_000L));
        }
    }
}
