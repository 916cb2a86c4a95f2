package org.dsr.bench.load;

import java.time.Duration;

/**
 * When a phase stops waiting for completion records: every saga completed, no completion for the idle timeout (the
 * stack is stuck or down), or the time asked for is up (a backlog too large to work off in one sitting).
 */
final class WaitPolicy {

    enum Outcome {
        WAIT,
        DONE,
        IDLE,
        TIME_UP
    }

    private final int expected;
    private final long startNanos;
    private final long idleNanos;
    private final long atMostNanos;
    private int lastCompleted = -1;
    private long lastProgressNanos;

    /** @param waitAtMost null: no limit but the idle timeout */
    WaitPolicy(int expected, long startNanos, Duration idleTimeout, Duration waitAtMost) {
        this.expected = expected;
        this.startNanos = startNanos;
        this.idleNanos = idleTimeout.toNanos();
        this.atMostNanos = waitAtMost == null ? Long.MAX_VALUE : waitAtMost.toNanos();
        this.lastProgressNanos = startNanos;
    }

    Outcome check(int completed, long nowNanos) {
        if (completed >= expected) {
            return Outcome.DONE;
        }
        if (nowNanos - startNanos > atMostNanos) {
            return Outcome.TIME_UP;
        }
        if (completed != lastCompleted) {
            lastCompleted = completed;
            lastProgressNanos = nowNanos;
            return Outcome.WAIT;
        }
        return nowNanos - lastProgressNanos > idleNanos ? Outcome.IDLE : Outcome.WAIT;
    }
}
