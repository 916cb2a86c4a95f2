package org.dsr.adapter.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.event.Retention;
import org.dsr.contracts.subject.Subject;
import org.junit.jupiter.api.Test;

class OutcomeRulesTest {

    private static final ProcessorCommandV1 COMMAND = new ProcessorCommandV1(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "hosting",
            RequestType.ERASURE,
            Jurisdiction.SE,
            new Subject("p", List.of(), null),
            List.of(),
            Instant.now(),
            1);

    private static ProcessorOutcomeV1 outcome(Action action, CategoryResult result) {
        return OutcomeRules.outcome(
                UUID.randomUUID(), "hosting", COMMAND, new CategoryCommand("c", action), result, Instant.now());
    }

    @Test
    void statusFollowsActionAndEvidence() {
        assertThat(outcome(Action.ERASE, CategoryResult.of(3, 0, "v")).status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(outcome(Action.ANONYMISE, CategoryResult.of(3, 0, "v")).status())
                .isEqualTo(OutcomeStatus.ANONYMISED);
        assertThat(outcome(Action.RESTRICT, CategoryResult.of(1, 0, "v")).status())
                .isEqualTo(OutcomeStatus.RESTRICTED);
        assertThat(outcome(Action.LIFT_RESTRICTION, CategoryResult.of(1, 0, "v"))
                        .status())
                .isEqualTo(OutcomeStatus.LIFTED);
        assertThat(outcome(Action.ERASE, CategoryResult.of(0, 0, "v")).status()).isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(outcome(Action.RETAIN, CategoryResult.retained(0, 0, "v", null))
                        .status())
                .isEqualTo(OutcomeStatus.NOT_FOUND);
    }

    @Test
    void remainingMatchesAfterErasureFailPermanently() {
        ProcessorOutcomeV1 o = outcome(Action.ERASE, CategoryResult.of(3, 2, "v"));
        assertThat(o.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(o.failure().retryable()).isFalse();
        assertThat(o.failure().reason()).isEqualTo("2 rows still match after erasure");
        assertThat(o.evidence().remainingMatches()).isEqualTo(2);
    }

    @Test
    void retainedCarriesRetention() {
        Retention retention = new Retention("basis", LocalDate.of(2032, 12, 31), List.of("1"));
        ProcessorOutcomeV1 o = outcome(Action.RETAIN, CategoryResult.retained(2, 0, "v", retention));
        assertThat(o.status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(o.retention()).isEqualTo(retention);
        assertThat(o.signature()).isNull();
        assertThat(outcome(Action.RETAIN, CategoryResult.retained(2, 0, "v", null))
                        .status())
                .isEqualTo(OutcomeStatus.FAILED);
    }

    @Test
    void anAsynchronousProcessorAnswersPendingWithItsExpectedCompletion() {
        java.time.Instant expected = java.time.Instant.parse("2026-02-01T00:00:00Z");
        var o = outcome(Action.ERASE, CategoryResult.pending(12, expected, "deletion job accepted"));
        assertThat(o.status()).isEqualTo(org.dsr.contracts.event.OutcomeStatus.PENDING);
        assertThat(o.expectedCompletion()).isEqualTo(expected);
        assertThat(o.failure()).isNull();
        assertThat(o.evidence().rowsAffected()).isEqualTo(12);
    }

    @Test
    void unprintableCategoriesAreNotEchoed() {
        assertThat(OutcomeRules.printable("access-logs")).isEqualTo("access-logs");
        assertThat(OutcomeRules.printable("alice@example.com")).isEqualTo("(unprintable)");
    }
}
