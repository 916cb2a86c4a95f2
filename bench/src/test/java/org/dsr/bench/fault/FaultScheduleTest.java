package org.dsr.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    private static FaultSchedule schedule(long seed) {
        return new FaultSchedule(
                seed, FaultSchedule.COMPONENTS, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
        assertThat(schedule(42).take(20)).isEqualTo(schedule(42).take(20));
        assertThat(schedule(42).take(20)).isNotEqualTo(schedule(43).take(20));
    }

    @Test
    void everyKindTakesItsTurnOncePerRoundInOrder() {
        List<FaultSchedule.Fault> faults = schedule(7).take(FaultSchedule.COMPONENTS.size() * 3);
        for (int i = 0; i < faults.size(); i++) {
            FaultSchedule.Fault f = faults.get(i);
            assertThat(f.number()).isEqualTo(i + 1);
            assertThat(f.component()).isEqualTo(FaultSchedule.COMPONENTS.get(i % FaultSchedule.COMPONENTS.size()));
            assertThat(f.round()).isEqualTo(i / FaultSchedule.COMPONENTS.size() + 1);
        }
        assertThat(FaultSchedule.COMPONENTS)
                .contains(
                        "request-service",
                        "erasure-orchestrator",
                        "hosting",
                        "email-delivery",
                        "analytics",
                        "payments",
                        "connector",
                        "witness",
                        "kafka",
                        "postgres");
    }

    @Test
    void pausesAndDowntimesStayWithinTheirBoundsAndVary() {
        List<FaultSchedule.Fault> faults = schedule(99).take(200);
        assertThat(faults).allSatisfy(f -> {
            assertThat(f.pause()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(30));
            assertThat(f.downtime()).isBetween(Duration.ZERO, Duration.ofSeconds(5));
        });
        assertThat(faults.stream().map(FaultSchedule.Fault::pause).distinct().count())
                .isGreaterThan(100);
    }

    @Test
    void refusesAnEmptyTurnOrAnInvertedPauseRange() {
        assertThatThrownBy(() -> new FaultSchedule(1, List.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaultSchedule(
                        1, List.of("kafka"), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new FaultSchedule(1, List.of("kafka"), Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ZERO)
                        .next()
                        .pause())
                .isEqualTo(Duration.ofSeconds(3));
    }
}
