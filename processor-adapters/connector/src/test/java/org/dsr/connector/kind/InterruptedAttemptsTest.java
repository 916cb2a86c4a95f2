package org.dsr.connector.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.dsr.adapter.kit.CategoryResult;
import org.junit.jupiter.api.Test;

class InterruptedAttemptsTest {

    @Test
    void creditsTheEarlierAttemptWhenItFoundRowsAndNothingIsLeftNow() {
        CategoryResult now = CategoryResult.of(0, 0, "count of t rows after deletion");
        CategoryResult credited = InterruptedAttempts.credit(3, now);
        assertThat(credited.rowsAffected()).isEqualTo(3);
        assertThat(credited.remainingMatches()).isZero();
        assertThat(credited.verification()).startsWith("count of t rows after deletion; 3 found by an earlier attempt");
    }

    @Test
    void leavesEveryOtherResultAsItIs() {
        CategoryResult acted = CategoryResult.of(2, 0, "v");
        CategoryResult remaining = CategoryResult.of(0, 1, "v");
        CategoryResult failed = CategoryResult.failed(true, "down", "v");
        CategoryResult pending = CategoryResult.pending(0, Instant.now(), "v");
        CategoryResult nothing = CategoryResult.of(0, 0, "v");
        assertThat(InterruptedAttempts.credit(3, acted)).isSameAs(acted);
        assertThat(InterruptedAttempts.credit(3, remaining)).isSameAs(remaining);
        assertThat(InterruptedAttempts.credit(3, failed)).isSameAs(failed);
        assertThat(InterruptedAttempts.credit(3, pending)).isSameAs(pending);
        assertThat(InterruptedAttempts.credit(0, nothing)).isSameAs(nothing);
    }
}
