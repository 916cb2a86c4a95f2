package org.dsr.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SagaTrackerTest {

    private static final long MS = 1_000_000L;

    @Test
    void theLaterHalfLeavesOutTheRequestsSentWhileTheStackWarmedUp() {
        SagaTracker tracker = new SagaTracker(4);
        for (int i = 0; i < 4; i++) {
            tracker.expect(i, 1000 + i);
            tracker.sent(i, 1 + i * 100 * MS); // due times are System.nanoTime() values, never 0
        }
        // the first two queue behind the warm-up and take seconds; the last two are quick
        tracker.completed(1000, "COMPLETED", 9_000 * MS);
        tracker.completed(1001, "COMPLETED", 9_100 * MS);
        tracker.completed(1002, "COMPLETED", 200 * MS + 400 * MS);
        tracker.completed(1003, "COMPLETED", 300 * MS + 500 * MS);

        assertThat(tracker.latency().count()).isEqualTo(4);
        assertThat(tracker.latency().maxMillis()).isBetween(8_990.0, 9_010.0);
        assertThat(tracker.latencyLaterHalf().count()).isEqualTo(2);
        assertThat(tracker.latencyLaterHalf().maxMillis()).isBetween(499.0, 501.0);
    }

    @Test
    void aRepeatedOrUnknownCompletionCountsNowhere() {
        SagaTracker tracker = new SagaTracker(2);
        tracker.expect(0, 7);
        tracker.expect(1, 8);
        tracker.sent(0, 1);
        tracker.sent(1, MS);
        tracker.completed(8, "COMPLETED", 3 * MS);
        tracker.completed(8, "COMPLETED", 4 * MS);
        tracker.completed(99, "COMPLETED", 5 * MS);

        assertThat(tracker.completedCount()).isEqualTo(1);
        assertThat(tracker.repeated()).isEqualTo(1);
        assertThat(tracker.unmatched()).isEqualTo(1);
        assertThat(tracker.latencyLaterHalf().count()).isEqualTo(1);
    }
}
