package org.dsr.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void requestsAreDueAtFixedIntervalsFromTheStart() {
        assertThat(Pacer.offsetNanos(0, 100)).isZero();
        assertThat(Pacer.offsetNanos(1, 100)).isEqualTo(10_000_000L);
        assertThat(Pacer.offsetNanos(250, 100)).isEqualTo(2_500_000_000L);
        // no drift: the thousandth request at 3/s is due at 333.33 s, not 1000 x a rounded interval
        assertThat(Pacer.offsetNanos(1000, 3)).isEqualTo(333_333_333_333L);
        Pacer pacer = new Pacer(200, 1_000L);
        assertThat(pacer.paced()).isTrue();
        assertThat(pacer.dueNanos(2)).isEqualTo(1_000L + 10_000_000L);
    }

    @Test
    void unpacedMeansDueNow() {
        assertThat(Pacer.offsetNanos(12345, 0)).isZero();
        Pacer pacer = new Pacer(0, 0);
        long before = System.nanoTime();
        assertThat(pacer.dueNanos(99)).isGreaterThanOrEqualTo(before);
        assertThatThrownBy(() -> new Pacer(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationTimesRate() {
        assertThat(Pacer.requestsFor(300, 50)).isEqualTo(15_000);
        assertThat(Pacer.requestsFor(0.01, 1)).isEqualTo(1);
    }

    @Test
    void awaitDueWaitsUntilTheDueTime() {
        long due = System.nanoTime() + 20_000_000L;
        Pacer.awaitDue(due);
        assertThat(System.nanoTime()).isGreaterThanOrEqualTo(due);
    }
}
