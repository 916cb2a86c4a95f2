package org.dsr.orchestrator.deferred;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Subject;

/**
 * The rules of deferred erasure as plain functions (no database, no clock of their own): what a completed saga
 * schedules, when an erasure is due, what its command says, and what its outcome means for the record.
 */
public final class DeferredErasureRules {

    private DeferredErasureRules() {}

    /** A retained category to erase on {@code dueOn}, the first day after its retention. */
    public record Planned(String processor, String category, List<String> handles, LocalDate dueOn) {}

    /** What an outcome answering a deferred erasure's command means. */
    public enum Answer {
        /** The outcome answers no deferred erasure of this request. */
        UNKNOWN,
        /** Erased: a new version of the completion record is due. */
        CONFIRMED,
        /** Answered, but nothing to record: a repeat, or not erased yet (dispatched again later). */
        NOTED
    }

    /** The answer, and the erasure's status after it (null when there is no erasure or nothing changes). */
    public record Answered(Answer answer, DeferredErasure.Status next) {}

    /** Every retained category that has an end date; one without (a suppression entry) stays. */
    public static List<Planned> plan(Map<String, List<ProcessorOutcomeV1>> outcomes) {
        List<Planned> planned = new ArrayList<>();
        outcomes.values().stream()
                .flatMap(List::stream)
                .filter(o -> o.status() == OutcomeStatus.RETAINED
                        && o.retention() != null
                        && o.retention().retainUntil() != null)
                .forEach(o -> planned.add(new Planned(
                        o.processor(),
                        o.category(),
                        o.retention().handles() == null
                                ? List.of()
                                : o.retention().handles(),
                        o.retention().retainUntil().plusDays(1))));
        return planned;
    }

    /** Only a scheduled erasure whose day has come is sent. */
    public static boolean isDue(DeferredErasure.Status status, LocalDate dueOn, LocalDate today) {
        return status == DeferredErasure.Status.SCHEDULED && !dueOn.isAfter(today);
    }

    /** The command: no identifiers (they are shredded by now), the handles name what to erase; one attempt. */
    public static ProcessorCommandV1 command(
            UUID commandId,
            UUID requestId,
            String subjectPseudonym,
            RequestType requestType,
            Jurisdiction jurisdiction,
            String processor,
            String category,
            List<String> handles,
            Instant issuedAt) {
        Subject subject = new Subject(subjectPseudonym, List.of(), null);
        return new ProcessorCommandV1(
                commandId,
                requestId,
                processor,
                requestType,
                jurisdiction,
                subject,
                List.of(new CategoryCommand(category, Action.DEFERRED_ERASE, handles)),
                issuedAt,
                1);
    }

    /** @param current the erasure's status, or null when the outcome answers none */
    public static Answered answer(DeferredErasure.Status current, OutcomeStatus outcome) {
        if (current == null) {
            return new Answered(Answer.UNKNOWN, null);
        }
        if (current == DeferredErasure.Status.DONE) {
            return new Answered(Answer.NOTED, null);
        }
        if (outcome == OutcomeStatus.ERASED || outcome == OutcomeStatus.NOT_FOUND) {
            return new Answered(Answer.CONFIRMED, DeferredErasure.Status.DONE);
        }
        // not erased yet: scheduled again, so the watchdog sends it again
        return new Answered(Answer.NOTED, DeferredErasure.Status.SCHEDULED);
    }

    /** A confirmed erasure: the outcome that replaces the retention of its processor's category. */
    public record Confirmed(String processor, String category, ProcessorOutcomeV1 outcome) {}

    /** The outcomes with every confirmed deferred erasure in place of the retention it ended. */
    public static Map<String, List<ProcessorOutcomeV1>> applyConfirmed(
            Map<String, List<ProcessorOutcomeV1>> outcomes, List<Confirmed> done) {
        Map<String, List<ProcessorOutcomeV1>> result = new LinkedHashMap<>();
        outcomes.forEach((processor, list) -> result.put(
                processor,
                list.stream()
                        .map(o -> done.stream()
                                .filter(d -> d.processor().equals(processor)
                                        && d.category().equals(o.category()))
                                .findFirst()
                                .map(Confirmed::outcome)
                                .orElse(o))
                        .toList()));
        return result;
    }

    /** Whether the record still shows a retention. */
    public static boolean stillRetained(Map<String, List<ProcessorOutcomeV1>> outcomes) {
        return outcomes.values().stream().flatMap(List::stream).anyMatch(o -> o.status() == OutcomeStatus.RETAINED);
    }
}
