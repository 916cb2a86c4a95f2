package org.dsr.orchestrator.console.operator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import io.quarkus.qute.TemplateData;

/** What the operator pages show: ids, types, statuses, times and reasons; never an identifier of the person. */
public final class SagaViews {

    private SagaViews() {}

    @TemplateData
    public record StepChip(String processor, String status) {}

    @TemplateData
    public record SagaRow(
            UUID requestId,
            String requestType,
            String jurisdiction,
            String status,
            Instant receivedAt,
            Instant dueAt,
            Instant originalDueAt,
            String extensionReason,
            Instant completedAt,
            boolean overdue,
            boolean atRisk,
            List<StepChip> steps) {

        public boolean open() {
            return !status.equals("COMPLETED")
                    && !status.equals("COMPLETED_WITH_RETENTION")
                    && !status.equals("CANCELLED");
        }

        public boolean extended() {
            return originalDueAt != null;
        }

        public String shortId() {
            return requestId.toString().substring(0, 8);
        }
    }

    @TemplateData
    public record StatusCount(String status, long count) {}

    @TemplateData
    public record Counts(List<StatusCount> byStatus, long total, long overdue, long atRisk) {}

    @TemplateData
    public record OutcomeView(
            String category,
            String action,
            String status,
            Long rowsAffected,
            Long remainingMatches,
            String verification,
            String legalBasis,
            LocalDate retainUntil,
            Instant expectedCompletion,
            String failure,
            boolean signed,
            Instant receivedAt) {}

    @TemplateData
    public record StepView(
            String processor,
            String status,
            int attempt,
            Instant dispatchedAt,
            Instant nextAttemptAt,
            Instant expectedCompletion,
            Instant completedAt,
            String lastError,
            List<OutcomeView> outcomes) {

        public boolean done() {
            return status.equals("DONE");
        }
    }

    /** One line of the timeline: a transition of the saga or a step, or an operator's action. */
    @TemplateData
    public record TimelineEntry(
            Instant at, String kind, String processor, String from, String to, String text, String actor) {

        public boolean operator() {
            return kind.equals("operator");
        }
    }

    @TemplateData
    public record DeferredView(
            String processor, String category, LocalDate dueOn, String status, Instant completedAt) {}

    @TemplateData
    public record SagaDetail(
            SagaRow saga, List<StepView> steps, List<TimelineEntry> timeline, List<DeferredView> deferred) {}
}
