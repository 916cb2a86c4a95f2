package org.dsr.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FloorSummaryTest {

    // 100 ticks per second: one tick is 10 ms of CPU
    private static final double TICKS_PER_SECOND = 100;

    @Test
    void aStoresBatchesAreAddedUpAndEverySagaPaysEveryStore() {
        FloorSummary summary = new FloorSummary(
                List.of(
                        new ErasureFloor.BatchCost("hosting", 1000, 1000, 400_000_000L, 30),
                        new ErasureFloor.BatchCost("payments", 1000, 700, 200_000_000L, 10),
                        new ErasureFloor.BatchCost("hosting", 1000, 990, 200_000_000L, 10)),
                new ProofCost.Result(100, 50.0, 200.0, 10_000, 5.0, 120.0, 100.0, 3.0),
                2,
                TICKS_PER_SECOND);

        assertThat(summary.stores()).extracting(FloorSummary.StoreCost::store).containsExactly("hosting", "payments");
        FloorSummary.StoreCost hosting = summary.stores().get(0);
        assertThat(hosting.subjects()).isEqualTo(2000);
        assertThat(hosting.matched()).isEqualTo(1990);
        assertThat(hosting.cpuMillisPerSubject()).isCloseTo(0.2, within(1e-9));
        assertThat(hosting.wallMillisPerSubject()).isCloseTo(0.3, within(1e-9));
        // payments: 100 ms over all 1000 subjects of the batch, not only the 700 it held
        assertThat(summary.stores().get(1).cpuMillisPerSubject()).isCloseTo(0.1, within(1e-9));
        assertThat(summary.erasureCpuMillisPerSaga()).isCloseTo(0.3, within(1e-9));
        // 16 outcomes x 50 us + 200 us
        assertThat(summary.floorMillisPerSaga()).isCloseTo(0.3 + 1.0, within(1e-9));
        assertThat(summary.sagasPerSecondBound()).isCloseTo(2000 / 1.3, within(1e-6));
        // v2: 16 outcomes x 5 us + 120 us
        assertThat(summary.floorMillisPerSagaV2()).isCloseTo(0.3 + 0.2, within(1e-9));
        assertThat(summary.sagasPerSecondBoundV2()).isCloseTo(2000 / 0.5, within(1e-6));
    }

    @Test
    void theJsonCarriesTheBoundAndItsParts() {
        FloorSummary summary = new FloorSummary(
                List.of(new ErasureFloor.BatchCost("analytics", 500, 500, 100_000_000L, 5)),
                new ProofCost.Result(10, 40.0, 160.0, 9_000, 5.0, 120.0, 100.0, 3.0),
                2,
                TICKS_PER_SECOND);

        var json = summary.toJson();

        assertThat(json.get("stores").get(0).get("backend_cpu_ms_per_subject").asDouble())
                .isEqualTo(0.1);
        assertThat(json.get("proof").get("ms_per_saga").asDouble()).isEqualTo(0.8);
        assertThat(json.get("floor_ms_per_saga").asDouble()).isEqualTo(0.9);
        assertThat(json.get("sagas_per_s_bound").asDouble()).isEqualTo(2222);
        assertThat(summary.render()).contains("at most 2222 sagas/s on 2 cores");
        assertThat(json.get("floor_ms_per_saga_v2").asDouble()).isEqualTo(0.3);
        assertThat(json.get("sagas_per_s_bound_v2").asDouble()).isEqualTo(6667);
        assertThat(summary.render()).contains("at most 6667 sagas/s on 2 cores");
    }
}
