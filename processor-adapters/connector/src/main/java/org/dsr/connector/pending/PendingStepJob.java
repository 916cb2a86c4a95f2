package org.dsr.connector.pending;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.CommandDecryption;
import org.dsr.connector.command.OutcomePublisher;
import org.dsr.connector.config.ConnectorConfig;
import org.dsr.connector.hosted.HostedProcessor;
import org.dsr.connector.hosted.HostedProcessors;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.kit.reactive.InOrder;
import org.jboss.logging.Logger;

/**
 * Asks again about the categories a processor answered PENDING ({@link PendingSteps}), and finishes one when a
 * callback or an operator brings its answer ({@link #complete}). Either way, in one transaction: the step is locked,
 * the final outcome is signed with the processor's key and written to the outbox (same command id, a new outcome id)
 * and the step is marked done. A poll that fails is retried with backoff; after
 * {@code dsr.connector.pending.max-attempts} failures in a row the category is answered FAILED (permanent): the rules
 * are {@link PendingPollRule}'s.
 */
@ApplicationScoped
public class PendingStepJob {

    private static final Logger LOG = Logger.getLogger(PendingStepJob.class);

    private final PendingSteps steps;
    private final HostedProcessors hosted;
    private final OutcomePublisher publisher;
    private final int batchSize;
    private final PendingPollRule rule;
    private final Clock clock;
    private volatile boolean started;

    public PendingStepJob(
            PendingSteps steps,
            HostedProcessors hosted,
            OutcomePublisher publisher,
            ConnectorConfig config,
            Clock clock) {
        this.steps = steps;
        this.hosted = hosted;
        this.publisher = publisher;
        this.batchSize = config.pending().batchSize();
        this.rule = new PendingPollRule(
                config.pending().maxAttempts(),
                config.pending().initialBackoff(),
                config.pending().maxBackoff());
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    void onStop(@Observes ShutdownEvent event) {
        started = false;
    }

    @Scheduled(every = "${dsr.connector.pending.interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        if (!started) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> steps.lockDue(batchSize).flatMap(rows -> InOrder.each(rows, this::poll)))
                .onFailure()
                .invoke(e ->
                        LOG.warnf("pending steps: run failed (%s)", e.getClass().getName()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Finishes an open step with an answer that came from outside (a signed callback, an operator): false when the
     * step is not open (already finished, or another transaction holds it). Runs in its own transaction.
     */
    public Uni<Boolean> complete(UUID stepId, CategoryResult result) {
        return Panache.withTransaction(() -> steps.lockOpen(stepId)
                .flatMap(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(false)
                        : finish(rows.get(0), result).replaceWith(true)));
    }

    private Uni<Void> poll(PendingSteps.Row row) {
        HostedProcessor processor = hosted.get(row.step().processor());
        if (processor == null) {
            // the processor left the connectors file while work was pending: a person must look
            return apply(row, PendingPollRule.notHosted(row.step()));
        }
        Uni<StepResult> asked;
        try {
            asked = processor.connector().resume(row.step());
        } catch (RuntimeException e) {
            asked = Uni.createFrom().failure(e);
        }
        return CommandDecryption.onCallersContext(asked)
                .map(result -> result == null ? null : PendingPollRule.answered(row.step(), result))
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf(
                            "pending step %s of %s (%s): poll %d failed (%s)",
                            row.step().id(),
                            processor.name(),
                            row.step().category(),
                            row.attempts() + 1,
                            e.getClass().getName());
                    return rule.failed(row.step(), row.attempts(), e.getClass().getName(), clock.instant());
                })
                .flatMap(next -> apply(row, next));
    }

    private Uni<Void> apply(PendingSteps.Row row, PendingPollRule.Next next) {
        if (next instanceof PendingPollRule.Finish finish) {
            return finish(row, finish.result());
        }
        if (next instanceof PendingPollRule.Postpone p) {
            return steps.postpone(
                    row.step().id(), p.resumeState(), p.expectedCompletion(), p.due(), p.failed(), p.error());
        }
        return Uni.createFrom().voidItem(); // a kind that answered nothing: asked again on the next run
    }

    private Uni<Void> finish(PendingSteps.Row row, CategoryResult result) {
        HostedProcessor processor = hosted.get(row.step().processor());
        ProcessorOutcomeV1 outcome = PendingPollRule.finalOutcome(row.step(), row.command(), result, clock.instant());
        if (processor == null) {
            return steps.finish(row.step().id(), outcome);
        }
        return publisher
                .publish(
                        processor,
                        PendingPollRule.finalMessageId(row.step()),
                        row.messageKey(),
                        row.command().commandId(),
                        row.command().requestId(),
                        List.of(outcome))
                .flatMap(signed -> steps.finish(row.step().id(), signed.get(0)))
                .invoke(() -> LOG.infof(
                        "pending step %s of %s (%s): %s",
                        row.step().id(), row.step().processor(), row.step().category(), outcome.status()));
    }
}
