package org.dsr.orchestrator.saga;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.dsr.kit.reactive.InOrder;
import org.dsr.orchestrator.deferred.DeferredErasureService;
import org.jboss.logging.Logger;

/**
 * Nothing waits for a message that will never come: the watchdog dispatches due retries, re-dispatches steps whose
 * timeout has passed (or fails them when the attempts are spent), and sends deferred erasures whose day has come.
 * Each item is handled in its own transaction under the saga's row lock, re-checked after locking (by the saga
 * machine), so several instances can run it at once without dispatching anything twice.
 */
@ApplicationScoped
public class SagaWatchdog {

    private static final Logger LOG = Logger.getLogger(SagaWatchdog.class);
    private static final int BATCH = 200;

    private final SagaService sagas;
    private final DeferredErasureService deferred;
    private final SagaStepRepository steps;
    private final Clock clock;

    public SagaWatchdog(SagaService sagas, DeferredErasureService deferred, SagaStepRepository steps, Clock clock) {
        this.sagas = sagas;
        this.deferred = deferred;
        this.steps = steps;
        this.clock = clock;
    }

    /** A step whose retry time or timeout has come, as read before its saga is locked. */
    record DueStep(UUID requestId, UUID stepId) {}

    @Scheduled(
            every = "${dsr.saga.watchdog-interval:5s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return runOnce().onFailure().recoverWithItem(failure -> {
            LOG.warnf(
                    "watchdog run failed, next run retries: %s",
                    failure.getClass().getSimpleName());
            return null;
        });
    }

    public Uni<Void> runOnce() {
        return Panache.withSession(() -> steps.find("nextAttemptAt <= ?1 order by nextAttemptAt", clock.instant())
                        .page(0, BATCH)
                        .list()
                        .map(list -> list.stream()
                                .map(s -> new DueStep(s.requestId, s.id))
                                .toList()))
                .flatMap(due -> InOrder.each(due, this::onDueStep))
                .chain(() -> dueDeferredErasures(deferred.today()));
    }

    private Uni<Void> onDueStep(DueStep due) {
        return Panache.withTransaction(() -> sagas.onDue(due.requestId(), due.stepId()));
    }

    private Uni<Void> dueDeferredErasures(LocalDate today) {
        return Panache.withSession(() -> deferred.due(today, BATCH))
                .flatMap((List<DeferredErasureService.Due> due) -> InOrder.each(
                        due,
                        item -> Panache.withTransaction(() -> sagas.lock(item.requestId())
                                .flatMap(saga -> saga == null
                                        ? Uni.createFrom().voidItem()
                                        : deferred.dispatch(saga, item.id(), today)))));
    }
}
