package org.dsr.connector.manual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.connector.manual.ManualCompletion.CategoryOutcome;
import org.dsr.connector.manual.ManualTasks.Task;
import org.dsr.connector.manual.ManualTasks.TaskCategory;
import org.dsr.contracts.event.Action;
import org.dsr.kit.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** An operator's completion of a manual task: what it must hold, and which steps it finishes. No database. */
class ManualCompletionTest {

    static final LocalDate TODAY = LocalDate.parse("2026-12-07");
    static final TaskCategory NEWSLETTER = new TaskCategory("newsletter", Action.ERASE, List.of(), UUID.randomUUID());
    static final TaskCategory INVOICES = new TaskCategory("invoices", Action.RETAIN, List.of(), UUID.randomUUID());
    static final Task TASK = new Task(
            UUID.randomUUID(),
            "vendor-x",
            UUID.randomUUID(),
            UUID.randomUUID(),
            "ERASURE",
            "SE",
            List.of("EMAIL"),
            List.of(NEWSLETTER, INVOICES),
            "Vendor X",
            "privacy@vendor-x.example",
            "ask",
            Instant.parse("2026-12-14T12:00:00Z"),
            ManualTasks.OPEN,
            0,
            null,
            null,
            null,
            null,
            null,
            null);

    static ManualCompletion.Request request(String retainUntil) {
        return new ManualCompletion.Request(
                "Done as asked, ticket 991.",
                null,
                "TICKET-991",
                Map.of(
                        "newsletter", new CategoryOutcome("ERASED", null, null, null),
                        "invoices", new CategoryOutcome("RETAINED", "bookkeeping act", retainUntil, null)),
                "by phone call");
    }

    @Test
    void aCompleteAnswerBecomesAResultPerCategoryWithTheConfirmationsHash() {
        // given / when
        ManualCompletion.Checked checked = ManualCompletion.check(TASK, request("2033-12-31"), "olle", TODAY);

        // then
        assertThat(checked.statuses())
                .containsExactly(Map.entry("newsletter", "ERASED"), Map.entry("invoices", "RETAINED"));
        CategoryResult kept = checked.results().get(INVOICES);
        assertThat(kept.retention().retainUntil()).isEqualTo(LocalDate.parse("2033-12-31"));
        assertThat(kept.retention().legalBasis()).isEqualTo("bookkeeping act");
        assertThat(checked.exchanges()).singleElement().satisfies(x -> {
            assertThat(x.sha256()).isEqualTo(ManualCompletion.sha256("Done as asked, ticket 991.".getBytes()));
            assertThat(x.objectIds()).containsExactly("TICKET-991");
            assertThat(x.by()).isEqualTo("olle");
        });
    }

    @Test
    void aRetentionEndingBeforeTodayIsRefusedAndTodayItselfIsAccepted() {
        // given the clock's today
        // when the vendor keeps the records until yesterday
        assertThatThrownBy(() -> ManualCompletion.check(TASK, request("2026-12-06"), "olle", TODAY))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().errors())
                                .extracting(f -> f.field() + ": " + f.message())
                                .containsExactly("outcomes.invoices.retainUntil: must not be in the past"));
        // then today is still allowed
        assertThat(ManualCompletion.check(TASK, request("2026-12-07"), "olle", TODAY)
                        .results())
                .hasSize(2);
    }

    @Test
    void openStepsAreFinishedAndOnesFinishedMeanwhileAreListedAsAlreadyFinal() {
        // given the invoices step was failed by the pending job meanwhile
        ManualCompletion.Checked checked = ManualCompletion.check(TASK, request("2033-12-31"), "olle", TODAY);

        // when only the newsletter step is open
        ManualCompletion.Plan plan = ManualCompletion.plan(checked, Set.of(NEWSLETTER.stepId()));

        // then
        assertThat(plan.finish()).containsOnlyKeys(NEWSLETTER.stepId());
        assertThat(plan.alreadyFinal()).containsExactly("invoices");
        assertThat(plan.finished()).containsExactly(Map.entry("newsletter", "ERASED"));
        assertThat(plan.detail())
                .isEqualTo("newsletter=ERASED, invoices=RETAINED; 1 confirmation(s); already final:"
                        + " [invoices]; note: by phone call");
    }
}
