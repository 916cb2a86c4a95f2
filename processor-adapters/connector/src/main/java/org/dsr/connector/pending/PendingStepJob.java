package org.dsr.connector.pending;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.CommandDecryption;
import org.dsr.adapter.kit.OutcomeRules;
import org.dsr.connector.command.OutcomePublisher;
import org.dsr.connector.config.ConnectorConfig;
import org.dsr.connector.hosted.HostedProcessor;
import org.dsr.connector.hosted.HostedProcessors;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.ProcessorOutcomeV1;

/**
 * Asks again about the categories a processor answered PENDING ({@link PendingSteps}), and finishes one when a
 * callback or an operator brings its answer ({@link #complete}). Either way, in one transaction: the step is locked,
 * the final outcome is signed with the processor's key and written to the outbox (same command id, a new outcome id)
 * and the step is marked done. A poll that fails is retried with backoff; after
 * {@code dsr.connector.pending.max-attempts} failures in a row the category is answered FAILED (permanent).
 */
@ApplicationScoped
public class PendingStepJob {

    private static final Logger LOG = Logger.getLogger(PendingStepJob.class);

    private final PendingSteps steps;
    private final HostedProcessors hosted;
    private final OutcomePublisher publisher;
    private final ConnectorConfig.Pending config;
    private volatile boolean started;

    public PendingStepJob(PendingSteps steps, HostedProcessors hosted, OutcomePublisher publisher,
            ConnectorConfig config) {
        this.steps = steps;
        this.hosted = hosted;
        this.publisher = publisher;
        this.config = config.pending();
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
        return Panache.withTransaction(() -> steps.lockDue(config.batchSize()).flatMap(rows -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (PendingSteps.Row row : rows) {
                chain = chain.chain(() -> poll(row));
            }
            return chain;
        })).onFailure().invoke(e -> LOG.warnf("pending steps: run failed (%s)", e.getClass().getName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Finishes an open step with an answer that came from outside (a signed callback, an operator): false when the
     * step is not open (already finished, or another transaction holds it). Runs in its own transaction.
     */
    public Uni<Boolean> complete(UUID stepId, CategoryResult result) {
        return Panache.withTransaction(() -> steps.lockOpen(stepId).flatMap(rows -> rows.isEmpty()
                ? Uni.createFrom().item(false)
                : finish(rows.get(0), result).replaceWith(true)));
    }

    private Uni<Void> poll(PendingSteps.Row row) {
        HostedProcessor processor = hosted.get(row.step().processor());
        if (processor == null) {
            // the processor left the connectors file while work was pending: a person must look
            return finish(row, CategoryResult.failed(false, "processor " + row.step().processor()
                    + " is no longer hosted by this connector", "not examined"));
        }
        Uni<StepResult> asked;
        try {
            asked = processor.connector().resume(row.step());
        } catch (RuntimeException e) {
            asked = Uni.createFrom().failure(e);
        }
        return CommandDecryption.onCallersContext(asked).onFailure().recoverWithUni(e -> {
            int failures = row.attempts() + 1;
            LOG.warnf("pending step %s of %s (%s): poll %d failed (%s)", row.step().id(), processor.name(),
                    row.step().category(), failures, e.getClass().getName());
            if (failures >= config.maxAttempts()) {
                return finish(row, CategoryResult.failed(false, "asking the processor again failed " + failures
                        + " times in a row", "not verified")).replaceWith((StepResult) null);
            }
            Duration backoff = config.initialBackoff().multipliedBy(1L << Math.min(failures - 1, 20));
            if (backoff.compareTo(config.maxBackoff()) > 0) {
                backoff = config.maxBackoff();
            }
            return steps.postpone(row.step().id(), row.step().resumeState(), row.step().expectedCompletion(),
                    Instant.now().plus(backoff), true, e.getClass().getName()).replaceWith((StepResult) null);
        }).flatMap(result -> {
            if (result == null) {
                return Uni.createFrom().voidItem();
            }
            if (result.result().expectedCompletion() != null && result.result().failure() == null) {
                Instant expected = result.result().expectedCompletion();
                return steps.postpone(row.step().id(), result.resumeState() != null ? result.resumeState()
                        : row.step().resumeState(), expected, expected, false, null);
            }
            return finish(row, result.result());
        });
    }

    private Uni<Void> finish(PendingSteps.Row row, CategoryResult result) {
        HostedProcessor processor = hosted.get(row.step().processor());
        CategoryCommand category = row.command().categories().stream()
                .filter(c -> c.category().equals(row.step().category())).findFirst()
                .orElse(new CategoryCommand(row.step().category(), row.step().action()));
        UUID outcomeId = UUID.nameUUIDFromBytes(("final|" + row.step().id()).getBytes(StandardCharsets.UTF_8));
        ProcessorOutcomeV1 outcome = OutcomeRules.outcome(outcomeId, row.step().processor(), row.command(),
                category, result, Instant.now());
        if (processor == null) {
            return steps.finish(row.step().id(), outcome);
        }
        return publisher.publish(processor, UUID.nameUUIDFromBytes(("final-message|" + row.step().id())
                .getBytes(StandardCharsets.UTF_8)), row.messageKey(), row.command().commandId(),
                row.command().requestId(), List.of(outcome))
                .flatMap(signed -> steps.finish(row.step().id(), signed.get(0)))
                .invoke(() -> LOG.infof("pending step %s of %s (%s): %s", row.step().id(), row.step().processor(),
                        row.step().category(), outcome.status()));
    }
}
