package org.dsr.orchestrator.saga;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import org.dsr.orchestrator.deferred.DeferredErasureService;

/**
 * Nothing waits for a message that will never come: the watchdog dispatches due retries, re-dispatches steps whose
 * timeout has passed (or fails them when the attempts are spent), and sends deferred erasures whose day has come.
 * Each item is handled in its own transaction under the saga's row lock, re-checked after locking, so several
 * instances can run it at once without dispatching anything twice.
 */
@ApplicationScoped
public class SagaWatchdog {

    private static final Logger LOG = Logger.getLogger(SagaWatchdog.class);
    private static final int BATCH = 200;

    private final SagaService sagas;
    private final DeferredErasureService deferred;

    public SagaWatchdog(SagaService sagas, DeferredErasureService deferred) {
        this.sagas = sagas;
        this.deferred = deferred;
    }

    @Scheduled(every = "${dsr.saga.watchdog-interval:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return runOnce().onFailure().recoverWithItem(failure -> {
            LOG.warnf("watchdog run failed, next run retries: %s", failure.getClass().getSimpleName());
            return null;
        });
    }

    public Uni<Void> runOnce() {
        Instant now = Instant.now();
        return Panache.withSession(() -> SagaStep.<SagaStep> find("nextAttemptAt <= ?1 order by nextAttemptAt", now)
                .page(0, BATCH).list().map(steps -> steps.stream().map(s -> new Object[] { s.requestId, s.id }).toList()))
                .flatMap(due -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Object[] item : due) {
                        chain = chain.chain(() -> onDueStep((UUID) item[0], (UUID) item[1]));
                    }
                    return chain;
                })
                .chain(() -> dueDeferredErasures(LocalDate.now(ZoneOffset.UTC)));
    }

    private Uni<Void> onDueStep(UUID requestId, UUID stepId) {
        return Panache.withTransaction(() -> SagaService.lock(requestId)
                .flatMap(saga -> SagaStep.<SagaStep> findById(stepId).flatMap(step -> {
                    // another instance may have handled it between our read and our lock
                    if (saga == null || step == null || step.nextAttemptAt == null
                            || step.nextAttemptAt.isAfter(Instant.now())) {
                        return Uni.createFrom().voidItem();
                    }
                    return sagas.onDue(saga, step);
                })));
    }

    private Uni<Void> dueDeferredErasures(LocalDate today) {
        return Panache.withSession(() -> deferred.due(today, BATCH)).flatMap(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID[] item : ids) {
                chain = chain.chain(() -> Panache.withTransaction(() -> SagaService.lock(item[0])
                        .flatMap(saga -> saga == null ? Uni.createFrom().voidItem()
                                : deferred.dispatch(saga, item[1], today))));
            }
            return chain;
        });
    }
}
