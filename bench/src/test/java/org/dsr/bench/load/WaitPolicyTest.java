package org.dsr.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.dsr.bench.load.WaitPolicy.Outcome;
import org.junit.jupiter.api.Test;

class WaitPolicyTest {

    private static final long S = 1_000_000_000L;

    @Test
    void waitsWhileSagasCompleteAndStopsWhenAllHave() {
        WaitPolicy wait = new WaitPolicy(10, 0, Duration.ofSeconds(5), null);
        assertThat(wait.check(0, S)).isEqualTo(Outcome.WAIT);
        assertThat(wait.check(4, 100 * S)).isEqualTo(Outcome.WAIT);
        assertThat(wait.check(9, 200 * S)).isEqualTo(Outcome.WAIT);
        assertThat(wait.check(10, 201 * S)).isEqualTo(Outcome.DONE);
    }

    @Test
    void givesUpWhenNothingCompletesForTheIdleTimeout() {
        WaitPolicy wait = new WaitPolicy(10, 0, Duration.ofSeconds(5), null);
        assertThat(wait.check(3, 10 * S)).isEqualTo(Outcome.WAIT);
        assertThat(wait.check(3, 15 * S)).isEqualTo(Outcome.WAIT);
        assertThat(wait.check(3, 15 * S + 1)).isEqualTo(Outcome.IDLE);
    }

    @Test
    void aStackThatNeverCompletesAnythingAlsoTimesOut() {
        WaitPolicy wait = new WaitPolicy(10, 0, Duration.ofSeconds(5), null);
        assertThat(wait.check(0, S)).isEqualTo(Outcome.WAIT);
        assertThat(wait.check(0, 7 * S)).isEqualTo(Outcome.IDLE);
    }

    @Test
    void stopsWhenTheTimeAskedForIsUpEvenWhileSagasStillComplete() {
        WaitPolicy wait = new WaitPolicy(1_000_000, 5 * S, Duration.ofSeconds(300), Duration.ofMinutes(60));
        assertThat(wait.check(120_000, 5 * S + 3599 * S)).isEqualTo(Outcome.WAIT);
        assertThat(wait.check(120_010, 5 * S + 3600 * S + 1)).isEqualTo(Outcome.TIME_UP);
    }

    @Test
    void finishingBeforeTheTimeIsUpIsDoneNotStopped() {
        WaitPolicy wait = new WaitPolicy(10, 0, Duration.ofSeconds(300), Duration.ofSeconds(60));
        assertThat(wait.check(10, 61 * S)).isEqualTo(Outcome.DONE);
    }
}
