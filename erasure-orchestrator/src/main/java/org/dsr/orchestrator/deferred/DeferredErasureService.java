package org.dsr.orchestrator.deferred;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Subject;
import org.dsr.kit.outbox.OutboxService;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.proof.CommandSigner;
import org.dsr.orchestrator.proof.CompletionRecordService;
import org.dsr.orchestrator.saga.Saga;

/**
 * Erasure of what was retained, when its retention ends. Scheduled durably in the database when the record is
 * written, dispatched by the watchdog on the day after retain-until, confirmed by the processor's outcome.
 */
@ApplicationScoped
public class DeferredErasureService {

    private static final Logger LOG = Logger.getLogger(DeferredErasureService.class);

    private final Policy policy;
    private final OutboxService outbox;
    private final CommandSigner signer;

    public DeferredErasureService(Policy policy, OutboxService outbox, CommandSigner signer) {
        this.policy = policy;
        this.outbox = outbox;
        this.signer = signer;
    }

    /** Schedules every retained category that has an end date; one without (a suppression entry) stays. */
    public Uni<Void> schedule(Saga saga, Map<String, List<ProcessorOutcomeV1>> outcomes) {
        List<DeferredErasure> rows = rowsFor(saga, outcomes);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (DeferredErasure row : rows) {
            chain = chain.chain(() -> DeferredErasure.count("requestId = ?1 and processor = ?2 and category = ?3",
                    row.requestId, row.processor, row.category)
                    .flatMap(n -> n > 0 ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid()));
        }
        return chain;
    }

    /** {@link #schedule} for several sagas with one read of what is scheduled already. */
    public Uni<Void> scheduleAll(List<CompletionRecordService.Completed> completed) {
        List<DeferredErasure> rows = new ArrayList<>();
        completed.forEach(c -> rows.addAll(rowsFor(c.saga(), c.outcomes())));
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = rows.stream().map(r -> r.requestId).distinct().toList();
        return DeferredErasure.<DeferredErasure> list("requestId in ?1", ids).flatMap(existing -> {
            Set<String> scheduled = new HashSet<>();
            existing.forEach(d -> scheduled.add(d.requestId + "|" + d.processor + "|" + d.category));
            List<DeferredErasure> fresh = rows.stream()
                    .filter(r -> scheduled.add(r.requestId + "|" + r.processor + "|" + r.category)).toList();
            return fresh.isEmpty() ? Uni.createFrom().voidItem()
                    : Panache.getSession().chain(session -> session.persistAll(fresh.toArray()));
        });
    }

    private static List<DeferredErasure> rowsFor(Saga saga, Map<String, List<ProcessorOutcomeV1>> outcomes) {
        List<DeferredErasure> rows = new ArrayList<>();
        outcomes.values().stream().flatMap(List::stream)
                .filter(o -> o.status() == OutcomeStatus.RETAINED && o.retention() != null
                        && o.retention().retainUntil() != null)
                .forEach(o -> {
                    DeferredErasure d = new DeferredErasure();
                    d.id = UUID.randomUUID();
                    d.requestId = saga.requestId;
                    d.processor = o.processor();
                    d.category = o.category();
                    d.handlesJson = Json.write(o.retention().handles() == null ? List.of() : o.retention().handles());
                    d.dueOn = o.retention().retainUntil().plusDays(1);
                    d.status = DeferredErasure.Status.SCHEDULED;
                    rows.add(d);
                });
        return rows;
    }

    /** Deferred erasures whose day has come, as (request id, id). */
    public Uni<List<UUID[]>> due(LocalDate today, int limit) {
        return DeferredErasure.<DeferredErasure> find("status = ?1 and dueOn <= ?2 order by dueOn",
                DeferredErasure.Status.SCHEDULED, today).page(0, limit).list()
                .map(list -> list.stream().map(d -> new UUID[] { d.requestId, d.id }).toList());
    }

    /** Must hold the saga's lock, taken before this session first read the row (so the row is current). */
    public Uni<Void> dispatch(Saga saga, UUID id, LocalDate today) {
        return DeferredErasure.<DeferredErasure> findById(id).flatMap(d -> {
            if (d == null || d.status != DeferredErasure.Status.SCHEDULED || d.dueOn.isAfter(today)) {
                return Uni.createFrom().voidItem();
            }
            Policy.Processor processor = policy.processor(d.processor).orElse(null);
            if (processor == null) {
                LOG.warnf("deferred erasure %s: processor %s is no longer in the policy", d.id, d.processor);
                return Uni.createFrom().voidItem();
            }
            Instant now = Instant.now();
            d.commandId = UUID.randomUUID();
            d.status = DeferredErasure.Status.DISPATCHED;
            d.dispatchedAt = now;
            List<String> handles = List.of(Json.read(d.handlesJson, String[].class));
            // No identifiers: they are shredded by now. The handles name what to erase.
            Subject subject = new Subject(saga.subjectPseudonym, List.of(), null);
            ProcessorCommandV1 command = signer.sign(new ProcessorCommandV1(d.commandId, saga.requestId,
                    d.processor, saga.requestType, saga.jurisdiction, subject,
                    List.of(new CategoryCommand(d.category, Action.DEFERRED_ERASE, handles)), now, 1));
            return outbox.enqueue(processor.topic(), saga.subjectPseudonym, ProcessorCommandV1.TYPE,
                    UUID.randomUUID(), command).replaceWithVoid();
        });
    }

    public enum Answer {
        /** The outcome answers no deferred erasure of this request. */
        UNKNOWN,
        /** Erased: a new version of the completion record is due. */
        CONFIRMED,
        /** Answered, but nothing to record: a repeat, or not erased yet (dispatched again later). */
        NOTED
    }

    public Uni<Answer> recordOutcome(Saga saga, ProcessorOutcomeV1 outcome, String raw) {
        return DeferredErasure.<DeferredErasure> find("commandId = ?1 and requestId = ?2", outcome.commandId(),
                saga.requestId).firstResult().map(d -> {
                    if (d == null) {
                        return Answer.UNKNOWN;
                    }
                    if (d.status == DeferredErasure.Status.DONE) {
                        return Answer.NOTED;
                    }
                    if (outcome.status() == OutcomeStatus.ERASED || outcome.status() == OutcomeStatus.NOT_FOUND) {
                        d.status = DeferredErasure.Status.DONE;
                        d.completedAt = Instant.now();
                        d.outcomePayload = raw;
                        return Answer.CONFIRMED;
                    }
                    LOG.warnf("deferred erasure %s answered %s; it is dispatched again", d.id, outcome.status());
                    d.status = DeferredErasure.Status.SCHEDULED;
                    return Answer.NOTED;
                });
    }

    /** The outcomes with every confirmed deferred erasure in place of the retention it ended. */
    public Uni<Map<String, List<ProcessorOutcomeV1>>> applyConfirmed(UUID requestId,
            Map<String, List<ProcessorOutcomeV1>> outcomes) {
        return DeferredErasure.<DeferredErasure> list("requestId = ?1 and status = ?2", requestId,
                DeferredErasure.Status.DONE).map(done -> {
                    Map<String, List<ProcessorOutcomeV1>> result = new LinkedHashMap<>();
                    outcomes.forEach((processor, list) -> result.put(processor, list.stream().map(o -> done.stream()
                            .filter(d -> d.processor.equals(processor) && d.category.equals(o.category()))
                            .findFirst().map(d -> Json.read(d.outcomePayload, ProcessorOutcomeV1.class)).orElse(o))
                            .toList()));
                    return result;
                });
    }
}
