package org.dsr.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import org.dsr.contracts.json.CanonicalJson;
import org.junit.jupiter.api.Test;

class ProofCostTest {

    @Test
    void theTimedDocumentsAreTheSizeOfARealOutcomeAndRecord() {
        // a real outcome is ~440 bytes canonical and a real four-processor record ~10.9 KB (docs/performance-log.md)
        assertThat(CanonicalJson.canonicalize(ProofCost.outcome(1)).length()).isBetween(350, 600);
        assertThat(CanonicalJson.canonicalize(ProofCost.record()).length()).isBetween(8_000, 14_000);
    }

    @Test
    void aSagasProofIsSixteenOutcomesAndOneRecord() {
        ProofCost.Result result = ProofCost.measure(200);

        // which one is slower is a measurement (./dsr bench floor, micro), not something a loaded CI machine decides
        assertThat(result.outcomeMicros()).isPositive();
        assertThat(result.recordMicros()).isPositive();
        assertThat(result.recordBytes()).isBetween(8_000, 14_000);
        assertThat(result.perSagaMillis()).isEqualTo((16 * result.outcomeMicros() + result.recordMicros()) / 1000.0);
        assertThat(result.v2OutcomeMicros()).isPositive();
        assertThat(result.v2RecordMicros()).isPositive();
        assertThat(result.v1CheckMicros()).isPositive();
        assertThat(result.v2CheckMicros()).isPositive();
        assertThat(result.perSagaMillisV2())
                .isEqualTo((16 * result.v2OutcomeMicros() + result.v2RecordMicros()) / 1000.0);
    }
}
