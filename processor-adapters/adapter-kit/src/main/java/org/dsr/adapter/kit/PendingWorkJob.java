package org.dsr.adapter.kit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import org.dsr.contracts.Topics;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.kit.outbox.OutboxService;

/**
 * Finishes what an asynchronous processor answered PENDING ({@link PendingWork}). Each run takes the commands with
 * due work (a batch) and, per command, in one transaction: locks all its open rows ({@code for update skip locked};
 * a command another instance holds is left alone), runs each category's handler in execution order with the stored
 * subject keys (act, then the verification read), and enqueues the final signed outcome (same command id, a new
 * outcome id) through the outbox while marking the row done. A run that throws rolls back entirely and is recorded
 * in a transaction of its own: attempts + 1 and a later due time (exponential backoff); after
 * {@code dsr.adapter.pending.max-attempts} runs the categories are answered FAILED (permanent), with a reason that
 * quotes no data.
 */
@IfBuildProperty(name = "adapter-kit.command-path", stringValue = "adapter", enableIfMissing = true)
@ApplicationScoped
public class PendingWorkJob {

    private static final Logger LOG = Logger.getLogger(PendingWorkJob.class);

    private final PendingWork pending;
    private final CommandProcessor processor;
    private final OutcomeSigner signer;
    private final OutboxService outbox;
    private final AdapterConfig.Pending config;
    private volatile boolean started;

    public PendingWorkJob(PendingWork pending, CommandProcessor processor, OutcomeSigner signer,
            OutboxService outbox, AdapterConfig config) {
        this.pending = pending;
        this.processor = processor;
        this.signer = signer;
        this.outbox = outbox;
        this.config = config.pending();
    }

    /** After the data map is loaded: an asynchronous category must be one this adapter knows. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 200) StartupEvent event) {
        Set<String> unknown = new TreeSet<>(pending.asyncCategories());
        unknown.removeAll(processor.handlers().keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("dsr.adapter.async-categories names categories this adapter does not"
                    + " know: " + unknown);
        }
        if (!pending.asyncCategories().isEmpty()) {
            LOG.infof("asynchronous categories %s", new TreeSet<>(pending.asyncCategories()));
        }
        started = true;
    }

    void onStop(@Observes ShutdownEvent event) {
        started = false;
    }

    @Scheduled(every = "${dsr.adapter.pending.interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!started) {
            return Uni.createFrom().voidItem();
        }
        return runOnce().onFailure().recoverWithItem(failure -> {
            LOG.warnf("pending work run failed, the next run retries: %s", failure.getClass().getSimpleName());
            return null;
        });
    }

    public Uni<Void> runOnce() {
        return Panache.withSession(() -> pending.dueCommands(config.batchSize())).flatMap(commands -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID commandId : commands) {
                chain = chain.chain(() -> finishCommand(commandId));
            }
            return chain;
        });
    }

    private Uni<Void> finishCommand(UUID commandId) {
        return Panache.withTransaction(() -> pending.lockDue(commandId).flatMap(this::complete))
                .onFailure().recoverWithUni(failure -> Panache.withTransaction(() -> recordFailure(commandId,
                        failure)));
    }

    private Uni<Void> complete(List<PendingWork.Row> rows) {
        Uni<Boolean> chain = Uni.createFrom().item(true);
        List<String> summary = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            PendingWork.Row row = rows.get(i);
            List<PendingWork.Row> rest = rows.subList(i, rows.size());
            chain = chain.flatMap(go -> !go ? Uni.createFrom().item(false) : run(row).flatMap(outcome -> {
                if (outcome.status() == OutcomeStatus.PENDING) {
                    // still running at the processor: this and every later category wait until then
                    summary.add(row.category() + "=PENDING");
                    return pending.postpone(rest, outcome.expectedCompletion(), false, null).replaceWith(false);
                }
                summary.add(row.category() + "=" + outcome.status() + "(" + outcome.evidence().rowsAffected() + ")");
                return publish(row, PendingWork.DONE, outcome, null).replaceWith(true);
            }));
        }
        return chain.invoke(() -> {
            if (!rows.isEmpty()) {
                LOG.infof("pending work of command %s finished: %s", rows.get(0).commandOnly().commandId(),
                        String.join(", ", summary));
            }
        }).replaceWithVoid();
    }

    /** The category's handler on the stored keys; a handler's own answer becomes the outcome as usual. */
    private Uni<ProcessorOutcomeV1> run(PendingWork.Row row) {
        ProcessorCommandV1 command = row.commandOnly();
        CategoryCommand category = command.categories().get(0);
        DataCategoryHandler handler = processor.handlers().get(category.category());
        UUID outcomeId = finalOutcomeId(row);
        if (handler == null || !handler.supportedActions().contains(category.action())) {
            return Uni.createFrom().item(OutcomeRules.refused(outcomeId, processor.processor(), command, category,
                    "category " + OutcomeRules.printable(category.category()) + " no longer supports "
                            + category.action(), Instant.now()));
        }
        SubjectMatch subject = row.subject();
        return handler.apply(category, subject, command).map(result -> OutcomeRules.outcome(outcomeId,
                processor.processor(), command, category, result, Instant.now()));
    }

    private Uni<Void> publish(PendingWork.Row row, String status, ProcessorOutcomeV1 outcome, Throwable cause) {
        ProcessorOutcomeV1 signed = signer.sign(outcome);
        ProcessorCommandV1 command = row.commandOnly();
        return outbox.enqueue(Topics.OUTCOMES, command.subject().pseudonym(), ProcessorOutcomeV1.TYPE,
                signed.outcomeId(), signed).chain(() -> pending.finish(row, status, signed, cause));
    }

    private Uni<Void> recordFailure(UUID commandId, Throwable failure) {
        return pending.lockOpen(commandId).flatMap(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            int attempts = rows.stream().mapToInt(PendingWork.Row::attempts).max().orElse(0) + 1;
            if (attempts < config.maxAttempts()) {
                Instant due = Instant.now().plus(backoff(attempts));
                LOG.warnf("pending work of command %s failed (attempt %d of %d, %s); next run at %s", commandId,
                        attempts, config.maxAttempts(), failure.getClass().getSimpleName(), due);
                return pending.postpone(rows, due, true, failure);
            }
            LOG.warnf("pending work of command %s failed %d times (%s): answered FAILED", commandId, attempts,
                    failure.getClass().getSimpleName());
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (PendingWork.Row row : rows) {
                ProcessorCommandV1 command = row.commandOnly();
                CategoryCommand category = command.categories().get(0);
                ProcessorOutcomeV1 outcome = OutcomeRules.outcome(finalOutcomeId(row), processor.processor(),
                        command, category, CategoryResult.failed(false, "asynchronous completion failed after "
                                + attempts + " attempts", "not completed: no verification read"), Instant.now());
                chain = chain.chain(() -> publish(row, PendingWork.FAILED, outcome, failure));
            }
            return chain;
        });
    }

    Duration backoff(int attempts) {
        Duration d = config.initialBackoff();
        for (int i = 1; i < attempts && d.compareTo(config.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
    }

    /** A new outcome id for the final answer, the same however often the run is retried. */
    static UUID finalOutcomeId(PendingWork.Row row) {
        return UUID.nameUUIDFromBytes(("final-outcome|" + row.id()).getBytes(StandardCharsets.UTF_8));
    }
}
