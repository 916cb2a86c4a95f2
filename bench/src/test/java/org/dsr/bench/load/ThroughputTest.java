package org.dsr.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThroughputTest {

    private static final long S = 1_000_000_000L;

    @Test
    void firstToLastCountsIntervals() {
        // 11 completions one every 100 ms: 10 intervals in 1 s = 10/s
        long[] t = new long[11];
        for (int i = 0; i < t.length; i++) {
            t[i] = 5 * S + i * S / 10;
        }
        assertThat(Throughput.firstToLast(t)).isCloseTo(10.0, within(1e-9));
        assertThat(Throughput.firstToLast(new long[] {1})).isNaN();
    }

    @Test
    void middleIgnoresASlowStartAndTail() {
        // 10 slow at 1/s, 100 fast at 100/s, 10 slow at 1/s
        long[] t = new long[120];
        long now = 0;
        for (int i = 0; i < 120; i++) {
            now += (i < 10 || i >= 110) ? S : S / 100;
            t[i] = now;
        }
        assertThat(Throughput.middle(t, 0.25, 0.75)).isCloseTo(100.0, within(0.5));
        assertThat(Throughput.firstToLast(t)).isLessThan(10);
    }

    @Test
    void perSecondBuckets() {
        long origin = 100 * S;
        long[] t = {origin + S / 2, origin + S / 3, origin + S + 1, origin + 3 * S};
        assertThat(Throughput.perSecond(t, origin)).containsExactly(2, 1, 0, 1);
        assertThat(Throughput.perSecond(new long[0], origin)).isEmpty();
    }
}
