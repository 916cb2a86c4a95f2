package org.dsr.orchestrator.deferred;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.event.Retention;
import org.dsr.orchestrator.deferred.DeferredErasureRules.Answer;
import org.dsr.orchestrator.deferred.DeferredErasureRules.Answered;
import org.dsr.orchestrator.deferred.DeferredErasureRules.Planned;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Deferred erasure's rules without a database: what is scheduled, when it is due, what it sends, what it means. */
class DeferredErasureRulesTest {

    static final Instant NOW = Instant.parse("2033-01-01T03:00:00Z");

    static ProcessorOutcomeV1 outcome(String processor, String category, OutcomeStatus status, Retention retention) {
        return new ProcessorOutcomeV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                processor,
                category,
                status == OutcomeStatus.RETAINED ? Action.RETAIN : Action.ERASE,
                status,
                null,
                retention,
                null,
                null,
                NOW,
                null);
    }

    static Map<String, List<ProcessorOutcomeV1>> completedWithRetention() {
        Map<String, List<ProcessorOutcomeV1>> outcomes = new LinkedHashMap<>();
        outcomes.put(
                "email-delivery",
                List.of(
                        outcome("email-delivery", "contact", OutcomeStatus.ERASED, null),
                        outcome(
                                "email-delivery",
                                "suppression-list",
                                OutcomeStatus.RETAINED,
                                new Retention("GDPR Art. 17(3)(b)", null, null))));
        outcomes.put(
                "payments",
                List.of(
                        outcome("payments", "payment-methods", OutcomeStatus.ERASED, null),
                        outcome(
                                "payments",
                                "invoices",
                                OutcomeStatus.RETAINED,
                                new Retention(
                                        "Bokföringslagen", LocalDate.of(2032, 12, 31), List.of("inv-1", "inv-2")))));
        return outcomes;
    }

    @Nested
    class Scheduling {

        @Test
        void aRetentionWithAnEndIsErasedTheDayAfterAndOneWithoutStays() {
            // given a record whose invoices are kept until 2032-12-31 and whose suppression entry has no end
            Map<String, List<ProcessorOutcomeV1>> outcomes = completedWithRetention();

            // when its deferred erasures are planned
            List<Planned> planned = DeferredErasureRules.plan(outcomes);

            // then only the invoices are, on the first day they may no longer be kept, naming the handles
            assertThat(planned)
                    .containsExactly(
                            new Planned("payments", "invoices", List.of("inv-1", "inv-2"), LocalDate.of(2033, 1, 1)));
        }

        @Test
        void anErasureIsDueOnItsDayWhileScheduled() {
            LocalDate due = LocalDate.of(2033, 1, 1);
            assertThat(DeferredErasureRules.isDue(DeferredErasure.Status.SCHEDULED, due, due.minusDays(1)))
                    .isFalse();
            assertThat(DeferredErasureRules.isDue(DeferredErasure.Status.SCHEDULED, due, due))
                    .isTrue();
            assertThat(DeferredErasureRules.isDue(DeferredErasure.Status.DISPATCHED, due, due.plusDays(3)))
                    .isFalse();
            assertThat(DeferredErasureRules.isDue(DeferredErasure.Status.DONE, due, due.plusDays(3)))
                    .isFalse();
        }

        @Test
        void theCommandNamesTheHandlesAndNoIdentifiers() {
            // when the invoices' erasure is sent
            UUID commandId = UUID.randomUUID();
            ProcessorCommandV1 command = DeferredErasureRules.command(
                    commandId,
                    UUID.randomUUID(),
                    "p-1",
                    RequestType.ERASURE,
                    Jurisdiction.SE,
                    "payments",
                    "invoices",
                    List.of("inv-1", "inv-2"),
                    NOW);

            // then it is one deferred erasure of the category by its handles, for the pseudonym only
            assertThat(command.categories()).singleElement().satisfies(c -> {
                assertThat(c.category()).isEqualTo("invoices");
                assertThat(c.action()).isEqualTo(Action.DEFERRED_ERASE);
                assertThat(c.retentionHandles()).containsExactly("inv-1", "inv-2");
            });
            assertThat(command.subject().pseudonym()).isEqualTo("p-1");
            assertThat(command.subject().identifiers()).isNull();
            assertThat(command.attempt()).isEqualTo(1);
            assertThat(command.issuedAt()).isEqualTo(NOW);
        }
    }

    @Nested
    class Answers {

        @Test
        void anErasedOrNotFoundAnswerConfirmsTheErasure() {
            assertThat(DeferredErasureRules.answer(DeferredErasure.Status.DISPATCHED, OutcomeStatus.ERASED))
                    .isEqualTo(new Answered(Answer.CONFIRMED, DeferredErasure.Status.DONE));
            assertThat(DeferredErasureRules.answer(DeferredErasure.Status.DISPATCHED, OutcomeStatus.NOT_FOUND))
                    .isEqualTo(new Answered(Answer.CONFIRMED, DeferredErasure.Status.DONE));
        }

        @Test
        void anyOtherAnswerSchedulesItAgainAndARepeatIsOnlyNoted() {
            assertThat(DeferredErasureRules.answer(DeferredErasure.Status.DISPATCHED, OutcomeStatus.FAILED))
                    .isEqualTo(new Answered(Answer.NOTED, DeferredErasure.Status.SCHEDULED));
            assertThat(DeferredErasureRules.answer(DeferredErasure.Status.DONE, OutcomeStatus.ERASED))
                    .isEqualTo(new Answered(Answer.NOTED, null));
        }

        @Test
        void anAnswerToNoDeferredErasureIsUnknown() {
            assertThat(DeferredErasureRules.answer(null, OutcomeStatus.ERASED))
                    .isEqualTo(new Answered(Answer.UNKNOWN, null));
        }

        @Test
        void theNextVersionOfTheRecordShowsTheErasureInPlaceOfTheRetention() {
            // given the record's outcomes and the confirmed erasure of the invoices
            Map<String, List<ProcessorOutcomeV1>> outcomes = completedWithRetention();
            ProcessorOutcomeV1 erased = outcome("payments", "invoices", OutcomeStatus.ERASED, null);

            // when it is applied
            Map<String, List<ProcessorOutcomeV1>> next = DeferredErasureRules.applyConfirmed(
                    outcomes, List.of(new DeferredErasureRules.Confirmed("payments", "invoices", erased)));

            // then the invoices show the erasure, the rest is as it was, and the suppression entry is still retained
            assertThat(next.get("payments"))
                    .containsExactly(outcomes.get("payments").get(0), erased);
            assertThat(next.get("email-delivery")).isEqualTo(outcomes.get("email-delivery"));
            assertThat(DeferredErasureRules.stillRetained(next)).isTrue();
            assertThat(DeferredErasureRules.stillRetained(Map.of("payments", next.get("payments"))))
                    .isFalse();
        }
    }
}
