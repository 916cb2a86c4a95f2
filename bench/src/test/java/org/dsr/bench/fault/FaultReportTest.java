package org.dsr.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.dsr.bench.fault.FaultReport.Observed;
import org.dsr.bench.fault.FaultReport.Verdict;
import org.junit.jupiter.api.Test;

class FaultReportTest {

    private static final List<String> KINDS = List.of("kafka", "postgres");

    private static Observed completed(String id) {
        return new Observed(id, "COMPLETED_WITH_RETENTION", "COMPLETED_WITH_RETENTION", 1, 1, 0, 1);
    }

    @Test
    void classifiesEachRequest() {
        assertThat(FaultReport.classify(completed("a"))).isEqualTo(Verdict.COMPLETED);
        // request-service never created it: lost and stuck
        assertThat(FaultReport.classify(new Observed(null, null, null, 0, 0, 0, 0)))
                .isEqualTo(Verdict.LOST_STUCK);
        // the saga is still running at the deadline
        assertThat(FaultReport.classify(new Observed("b", "IN_PROGRESS", "IN_PROGRESS", 0, 0, 0, 1)))
                .isEqualTo(Verdict.LOST_STUCK);
        // a record exists but request-service never saw it
        assertThat(FaultReport.classify(new Observed("c", "IN_PROGRESS", "COMPLETED", 1, 1, 0, 1)))
                .isEqualTo(Verdict.LOST_STUCK);
        assertThat(FaultReport.classify(new Observed("d", "NEEDS_ATTENTION", "NEEDS_ATTENTION", 1, 1, 0, 1)))
                .isEqualTo(Verdict.NEEDS_ATTENTION);
        // every status final but no record: lost, not stuck
        assertThat(FaultReport.classify(new Observed("e", "COMPLETED", "COMPLETED", 0, 0, 0, 1)))
                .isEqualTo(Verdict.LOST);
    }

    @Test
    void aLaterVersionIsNoDuplicateButASecondFirstVersionOrSecondRequestIs() {
        assertThat(FaultReport.isDuplicate(new Observed("a", "COMPLETED", "COMPLETED", 1, 1, 1, 1)))
                .isFalse();
        assertThat(FaultReport.isDuplicate(new Observed("a", "COMPLETED", "COMPLETED", 2, 1, 0, 1)))
                .isTrue();
        assertThat(FaultReport.isDuplicate(new Observed("a", "COMPLETED", "COMPLETED", 1, 2, 0, 1)))
                .isTrue();
        assertThat(FaultReport.isDuplicate(new Observed("a", "COMPLETED", "COMPLETED", 1, 1, 0, 2)))
                .isTrue();
    }

    @Test
    void aCleanRunPassesAndPrintsTheTable() {
        FaultReport r = FaultReport.of(
                16,
                KINDS,
                3,
                0,
                List.of(completed("a"), completed("b"), new Observed("c", "COMPLETED", "COMPLETED", 1, 1, 1, 1)),
                true,
                "verified 4 records",
                Map.of(),
                null);
        assertThat(r.failures(KINDS)).isEmpty();
        assertThat(r.completed()).isEqualTo(3);
        assertThat(r.laterVersions()).isEqualTo(1);
        assertThat(r.table())
                .contains("faults injected")
                .contains("| requests")
                .contains("completed")
                .contains("duplicates")
                .contains("lost");
    }

    @Test
    void everyProblemFailsTheRunWithItsReason() {
        FaultReport r = FaultReport.of(
                1,
                List.of("kafka"),
                6,
                1,
                List.of(
                        completed("a"),
                        new Observed(null, null, null, 0, 0, 0, 0),
                        new Observed("b", "IN_PROGRESS", "IN_PROGRESS", 0, 0, 0, 1),
                        new Observed("c", "COMPLETED", "COMPLETED", 2, 2, 0, 1)),
                false,
                "broken chain at #3",
                Map.of("hosting.accounts.email", 2L),
                "postgres would not start");
        assertThat(r.lost()).isEqualTo(2);
        assertThat(r.stuck()).isEqualTo(2);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.lostIds()).containsExactly("(no request)", "b");
        assertThat(String.join("\n", r.failures(KINDS)))
                .contains("never accepted")
                .contains("rejected")
                .contains("without a completion record")
                .contains("stuck")
                .contains("duplicate")
                .contains("chain does not verify")
                .contains("hosting.accounts.email")
                .contains("postgres would not start")
                .contains("never killed: [postgres]");
    }
}
