package org.dsr.orchestrator.deferred;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.dsr.kit.outbox.OutboxService;
import org.dsr.kit.reactive.InOrder;
import org.dsr.orchestrator.deferred.DeferredErasureRules.Answer;
import org.dsr.orchestrator.deferred.DeferredErasureRules.Answered;
import org.dsr.orchestrator.deferred.DeferredErasureRules.Planned;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.proof.CommandSigner;
import org.dsr.orchestrator.proof.CompletionRecordService;
import org.dsr.orchestrator.saga.Saga;
import org.jboss.logging.Logger;

/**
 * Erasure of what was retained, when its retention ends. Scheduled durably in the database when the record is
 * written, dispatched by the watchdog on the day after retain-until, confirmed by the processor's outcome. The rules
 * are {@link DeferredErasureRules}; this class reads and writes.
 */
@ApplicationScoped
public class DeferredErasureService {

    private static final Logger LOG = Logger.getLogger(DeferredErasureService.class);

    private final Policy policy;
    private final OutboxService outbox;
    private final CommandSigner signer;
    private final DeferredErasureRepository erasures;
    private final Clock clock;

    public DeferredErasureService(
            Policy policy,
            OutboxService outbox,
            CommandSigner signer,
            DeferredErasureRepository erasures,
            Clock clock) {
        this.policy = policy;
        this.outbox = outbox;
        this.signer = signer;
        this.erasures = erasures;
        this.clock = clock;
    }

    /** A deferred erasure whose day has come. */
    public record Due(UUID requestId, UUID id) {}

    /** Today in UTC, by the injected clock: the day the watchdog compares due dates with. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Schedules every retained category that has an end date; one without (a suppression entry) stays. */
    public Uni<Void> schedule(Saga saga, Map<String, List<ProcessorOutcomeV1>> outcomes) {
        return InOrder.each(
                rowsFor(saga, outcomes),
                row -> erasures.count(
                                "requestId = ?1 and processor = ?2 and category = ?3",
                                row.requestId,
                                row.processor,
                                row.category)
                        .flatMap(n -> n > 0
                                ? Uni.createFrom().voidItem()
                                : erasures.persist(row).replaceWithVoid()));
    }

    /** {@link #schedule} for several sagas with one read of what is scheduled already. */
    public Uni<Void> scheduleAll(List<CompletionRecordService.Completed> completed) {
        List<DeferredErasure> rows = new ArrayList<>();
        completed.forEach(c -> rows.addAll(rowsFor(c.saga(), c.outcomes())));
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = rows.stream().map(r -> r.requestId).distinct().toList();
        return erasures.list("requestId in ?1", ids).flatMap(existing -> {
            Set<String> scheduled = new HashSet<>();
            existing.forEach(d -> scheduled.add(d.requestId + "|" + d.processor + "|" + d.category));
            List<DeferredErasure> fresh = rows.stream()
                    .filter(r -> scheduled.add(r.requestId + "|" + r.processor + "|" + r.category))
                    .toList();
            return fresh.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : Panache.getSession().chain(session -> session.persistAll(fresh.toArray()));
        });
    }

    private static List<DeferredErasure> rowsFor(Saga saga, Map<String, List<ProcessorOutcomeV1>> outcomes) {
        List<DeferredErasure> rows = new ArrayList<>();
        for (Planned planned : DeferredErasureRules.plan(outcomes)) {
            DeferredErasure d = new DeferredErasure();
            d.id = UUID.randomUUID();
            d.requestId = saga.requestId;
            d.processor = planned.processor();
            d.category = planned.category();
            d.handlesJson = Json.write(planned.handles());
            d.dueOn = planned.dueOn();
            d.status = DeferredErasure.Status.SCHEDULED;
            rows.add(d);
        }
        return rows;
    }

    /** Deferred erasures whose day has come, the earliest first. */
    public Uni<List<Due>> due(LocalDate today, int limit) {
        return erasures.find("status = ?1 and dueOn <= ?2 order by dueOn", DeferredErasure.Status.SCHEDULED, today)
                .page(0, limit)
                .list()
                .map(list -> list.stream().map(d -> new Due(d.requestId, d.id)).toList());
    }

    /** Must hold the saga's lock, taken before this session first read the row (so the row is current). */
    public Uni<Void> dispatch(Saga saga, UUID id, LocalDate today) {
        return erasures.findById(id).flatMap(d -> {
            if (d == null || !DeferredErasureRules.isDue(d.status, d.dueOn, today)) {
                return Uni.createFrom().voidItem();
            }
            Policy.Processor processor = policy.processor(d.processor).orElse(null);
            if (processor == null) {
                LOG.warnf("deferred erasure %s: processor %s is no longer in the policy", d.id, d.processor);
                return Uni.createFrom().voidItem();
            }
            Instant now = clock.instant();
            d.commandId = UUID.randomUUID();
            d.status = DeferredErasure.Status.DISPATCHED;
            d.dispatchedAt = now;
            ProcessorCommandV1 command = signer.sign(DeferredErasureRules.command(
                    d.commandId,
                    saga.requestId,
                    saga.subjectPseudonym,
                    saga.requestType,
                    saga.jurisdiction,
                    d.processor,
                    d.category,
                    List.of(Json.read(d.handlesJson, String[].class)),
                    now));
            return outbox.enqueue(
                            processor.topic(),
                            saga.subjectPseudonym,
                            ProcessorCommandV1.TYPE,
                            UUID.randomUUID(),
                            command)
                    .replaceWithVoid();
        });
    }

    public Uni<Answer> recordOutcome(Saga saga, ProcessorOutcomeV1 outcome, String raw) {
        return erasures.find("commandId = ?1 and requestId = ?2", outcome.commandId(), saga.requestId)
                .firstResult()
                .map(d -> {
                    Answered answered = DeferredErasureRules.answer(d == null ? null : d.status, outcome.status());
                    if (answered.next() == DeferredErasure.Status.DONE) {
                        d.status = DeferredErasure.Status.DONE;
                        d.completedAt = clock.instant();
                        d.outcomePayload = raw;
                    } else if (answered.next() != null) {
                        LOG.warnf("deferred erasure %s answered %s; it is dispatched again", d.id, outcome.status());
                        d.status = answered.next();
                    }
                    return answered.answer();
                });
    }

    /** The outcomes with every confirmed deferred erasure in place of the retention it ended. */
    public Uni<Map<String, List<ProcessorOutcomeV1>>> applyConfirmed(
            UUID requestId, Map<String, List<ProcessorOutcomeV1>> outcomes) {
        return erasures.list("requestId = ?1 and status = ?2", requestId, DeferredErasure.Status.DONE)
                .map(done -> DeferredErasureRules.applyConfirmed(
                        outcomes,
                        done.stream()
                                .map(d -> new DeferredErasureRules.Confirmed(
                                        d.processor, d.category, Json.read(d.outcomePayload, ProcessorOutcomeV1.class)))
                                .toList()));
    }
}
