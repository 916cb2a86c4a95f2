package org.dsr.orchestrator.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.ReceivedOutcome;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Subject;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.reactive.InOrder;
import org.dsr.kit.outbox.OutboxService;
import org.dsr.orchestrator.deferred.DeferredErasureService;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.proof.CommandSigner;
import org.dsr.orchestrator.proof.CompletionRecordService;
import org.dsr.orchestrator.proof.CompletionRecordService.Completed;
import org.dsr.orchestrator.proof.ProcessorSignatures;

/**
 * Runs one saga per request: a step per processor the policy names for the request type, one command per step
 * through the outbox, and a completion record once every step has a positive outcome for every category. A
 * retryable failure is dispatched again with backoff; a step without an answer is dispatched again after its
 * timeout; when the attempts are spent, the step and the request need attention. Every method runs inside the
 * caller's transaction and holds the saga's row lock, so concurrent instances take turns per saga.
 */
@ApplicationScoped
public class SagaService {

    private static final Logger LOG = Logger.getLogger(SagaService.class);
    private static final TypeReference<List<CategoryCommand>> CATEGORIES = new TypeReference<>() {
    };

    private final Policy policy;
    private final SagaConfig config;
    private final OutboxService outbox;
    private final CompletionRecordService completions;
    private final DeferredErasureService deferred;
    private final ProcessorSignatures signatures;
    private final CommandSigner signer;

    public SagaService(Policy policy, SagaConfig config, OutboxService outbox, CompletionRecordService completions,
            DeferredErasureService deferred, ProcessorSignatures signatures, CommandSigner signer) {
        this.policy = policy;
        this.config = config;
        this.outbox = outbox;
        this.completions = completions;
        this.deferred = deferred;
        this.signatures = signatures;
        this.signer = signer;
    }

    public Uni<Void> start(RequestSubmittedV1 request) {
        return startAll(List.of(request));
    }

    /** Starts a saga for each request that has none yet, with one read for the whole poll. */
    public Uni<Void> startAll(List<RequestSubmittedV1> requests) {
        for (RequestSubmittedV1 request : requests) {
            if (request.requestId() == null || request.type() == null || request.jurisdiction() == null
                    || request.subject() == null || request.subject().pseudonym() == null
                    || request.receivedAt() == null || request.dueAt() == null) {
                return Uni.createFrom().failure(new PoisonMessageException(RequestSubmittedV1.TYPE
                        + " lacks one of requestId, type, jurisdiction, subject.pseudonym, receivedAt, dueAt"));
            }
        }
        List<UUID> ids = requests.stream().map(RequestSubmittedV1::requestId).toList();
        return Saga.<Saga> list("requestId in ?1", ids).flatMap(existing -> {
            Set<UUID> started = new HashSet<>();
            existing.forEach(saga -> started.add(saga.requestId));
            List<RequestSubmittedV1> fresh = new ArrayList<>();
            for (RequestSubmittedV1 request : requests) {
                if (!started.add(request.requestId())) {
                    LOG.debugf("saga %s exists already", request.requestId());
                    continue;
                }
                fresh.add(request);
            }
            return InOrder.each(fresh, this::create);
        });
    }

    private Uni<Void> create(RequestSubmittedV1 request) {
        Instant now = Instant.now();
        Saga saga = new Saga();
        saga.requestId = request.requestId();
        saga.requestType = request.type();
        saga.jurisdiction = request.jurisdiction();
        saga.subjectPseudonym = request.subject().pseudonym();
        saga.subjectJson = Json.write(request.subject());
        saga.receivedAt = request.receivedAt();
        saga.dueAt = request.dueAt();
        saga.status = SagaStatus.IN_PROGRESS;
        saga.createdAt = now;
        saga.updatedAt = now;

        List<Object> rows = new ArrayList<>();
        rows.add(saga);
        rows.add(SagaTransition.of(saga.requestId, null, SagaStatus.RECEIVED, SagaStatus.IN_PROGRESS,
                "request received"));
        List<SagaStep> steps = new ArrayList<>();
        for (Policy.Processor processor : policy.processors()) {
            List<CategoryCommand> categories = processor.commandsFor(request.type());
            if (categories.isEmpty()) {
                continue;
            }
            SagaStep step = new SagaStep();
            step.id = UUID.randomUUID();
            step.requestId = saga.requestId;
            step.processor = processor.name();
            step.status = StepStatus.DISPATCHED;
            step.commandId = UUID.randomUUID();
            step.attempt = 0;
            step.categoriesJson = Json.write(categories);
            steps.add(step);
            rows.add(step);
        }
        Uni<Void> chain = Panache.getSession().chain(session -> session.persistAll(rows.toArray()));
        for (SagaStep step : steps) {
            chain = chain.chain(() -> dispatch(saga, step, "first dispatch"));
        }
        return chain.chain(() -> steps.isEmpty()
                ? evaluate(saga, "no processor holds categories for this request type")
                : Uni.createFrom().voidItem());
    }

    /** @param raw the outcome's JSON as received, kept byte-faithful for the proof */
    public Uni<Void> recordOutcome(ProcessorOutcomeV1 outcome, String raw) {
        return recordOutcomes(List.of(new ReceivedOutcome(outcome, raw)));
    }

    /**
     * Records a poll's outcomes with three reads for the whole poll: the sagas they name (locked, in id order so two
     * instances never deadlock), their steps and their stored outcomes. Then every new outcome is stored, and per
     * request each step they answer is re-decided once and the saga evaluated once. An adapter publishes all outcomes
     * of a command together, so they usually arrive in one poll: one pass instead of one per category.
     */
    public Uni<Void> recordOutcomes(List<ReceivedOutcome> received) {
        Map<UUID, List<ReceivedOutcome>> byRequest = new LinkedHashMap<>();
        for (ReceivedOutcome r : received) {
            ProcessorOutcomeV1 o = r.outcome();
            if (o.outcomeId() == null || o.requestId() == null || o.commandId() == null || o.processor() == null
                    || o.category() == null || o.status() == null) {
                return Uni.createFrom().failure(new PoisonMessageException(
                        ProcessorOutcomeV1.TYPE + " lacks one of outcomeId, requestId, commandId, processor, category,"
                                + " status"));
            }
            try {
                signatures.requireSignedByProcessor(r);
            } catch (PoisonMessageException e) {
                return Uni.createFrom().failure(e);
            }
            byRequest.computeIfAbsent(r.outcome().requestId(), id -> new ArrayList<>()).add(r);
        }
        List<UUID> ids = byRequest.keySet().stream().sorted().toList();
        return Saga.<Saga> find("requestId in ?1 order by requestId", ids).withLock(LockModeType.PESSIMISTIC_WRITE)
                .list().flatMap(sagas -> {
                    if (sagas.size() < ids.size()) {
                        return Uni.createFrom().failure(new PoisonMessageException("outcome for an unknown request"));
                    }
                    return SagaStep.<SagaStep> list("requestId in ?1", ids).flatMap(steps -> StepOutcome
                            .<StepOutcome> list("requestId in ?1 order by receivedAt", ids)
                            .flatMap(stored -> record(byRequest, sagas, steps, stored)));
                });
    }

    private Uni<Void> record(Map<UUID, List<ReceivedOutcome>> byRequest, List<Saga> sagas, List<SagaStep> allSteps,
            List<StepOutcome> allStored) {
        Map<UUID, List<SagaStep>> steps = new HashMap<>();
        allSteps.forEach(step -> steps.computeIfAbsent(step.requestId, id -> new ArrayList<>()).add(step));
        Map<UUID, List<StepOutcome>> outcomes = new HashMap<>();
        allStored.forEach(row -> outcomes.computeIfAbsent(row.requestId, id -> new ArrayList<>()).add(row));
        Set<UUID> known = new HashSet<>();
        allStored.forEach(row -> known.add(row.outcomeId));

        List<StepOutcome> fresh = new ArrayList<>();
        Map<UUID, Set<SagaStep>> answered = new HashMap<>();
        Map<UUID, List<ReceivedOutcome>> others = new HashMap<>();
        for (Map.Entry<UUID, List<ReceivedOutcome>> entry : byRequest.entrySet()) {
            Map<String, SagaStep> byProcessor = new HashMap<>();
            steps.getOrDefault(entry.getKey(), List.of()).forEach(step -> byProcessor.put(step.processor, step));
            for (ReceivedOutcome r : entry.getValue()) {
                SagaStep step = byProcessor.get(r.outcome().processor());
                if (step == null || !step.commandId.equals(r.outcome().commandId())) {
                    others.computeIfAbsent(entry.getKey(), id -> new ArrayList<>()).add(r);
                } else if (known.add(r.outcome().outcomeId())) {
                    StepOutcome row = row(r.outcome(), r.raw());
                    fresh.add(row);
                    outcomes.computeIfAbsent(entry.getKey(), id -> new ArrayList<>()).add(row);
                    answered.computeIfAbsent(entry.getKey(), id -> new LinkedHashSet<>()).add(step);
                }
            }
        }
        Map<UUID, Saga> byId = new HashMap<>();
        sagas.forEach(saga -> byId.put(saga.requestId, saga));
        // records of the sagas this poll completes are appended at the end, together: the chain head stays locked
        // only for that
        List<Completed> completed = new ArrayList<>();
        Uni<Void> stored = fresh.isEmpty() ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> session.persistAll(fresh.toArray()));
        return stored.chain(() -> InOrder.each(byRequest.keySet(), requestId -> {
            Saga saga = byId.get(requestId);
            Set<SagaStep> moved = answered.get(requestId);
            Uni<Void> work = moved != null && saga.status != SagaStatus.CANCELLED
                    ? decideSteps(saga, steps.get(requestId), moved, outcomes.get(requestId), completed)
                    : Uni.createFrom().voidItem();
            List<ReceivedOutcome> other = others.getOrDefault(requestId, List.of());
            if (other.isEmpty()) {
                return work;
            }
            // a deferred erasure's outcome appends a later version of an earlier record: keep the chain in order
            return work.chain(() -> appendCompleted(completed))
                    .chain(() -> InOrder.each(other, r -> recordOther(saga, r.outcome(), r.raw())));
        })).chain(() -> appendCompleted(completed));
    }

    private Uni<Void> appendCompleted(List<Completed> completed) {
        if (completed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Completed> batch = List.copyOf(completed);
        completed.clear();
        return completions.appendAll(batch).chain(() -> deferred.scheduleAll(batch));
    }

    /** Re-decides each answered step from its latest outcomes, then evaluates the saga once if any step moved. */
    private Uni<Void> decideSteps(Saga saga, List<SagaStep> steps, Set<SagaStep> answered,
            List<StepOutcome> outcomes, List<Completed> completed) {
        Uni<String> chain = Uni.createFrom().nullItem();
        for (SagaStep step : answered) {
            chain = chain.flatMap(cause -> updateStepOnly(saga, step, latestOf(step, outcomes))
                    .map(moved -> moved != null ? moved : cause));
        }
        return chain.flatMap(cause -> cause == null ? Uni.createFrom().voidItem()
                : evaluate(saga, steps, outcomes.stream().anyMatch(o -> o.status == OutcomeStatus.RETAINED), cause,
                        outcomes, completed));
    }

    /** Not the step's current command: a deferred erasure's outcome, or poison. */
    private Uni<Void> recordOther(Saga saga, ProcessorOutcomeV1 outcome, String raw) {
        return deferred.recordOutcome(saga, outcome, raw).flatMap(answer -> switch (answer) {
            case CONFIRMED -> appendDeferredVersion(saga, "deferred erasure of "
                    + outcome.processor() + "/" + outcome.category() + " confirmed: " + outcome.status());
            case NOTED -> Uni.createFrom().voidItem();
            case UNKNOWN -> Uni.createFrom().failure(new PoisonMessageException(
                    "outcome for an unknown command of this request"));
        });
    }

    /** Locks the saga row for the rest of the transaction. */
    public static Uni<Saga> lock(UUID requestId) {
        return Saga.findById(requestId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Dispatches the step's command (again): same command id, next attempt, a fresh event id, signed anew. */
    Uni<Void> dispatch(Saga saga, SagaStep step, String cause) {
        Instant now = Instant.now();
        StepStatus previous = step.attempt == 0 ? null : step.status;
        step.attempt++;
        step.status = StepStatus.DISPATCHED;
        step.dispatchedAt = now;
        step.expectedCompletion = null;
        step.nextAttemptAt = now.plus(timeoutOf(step.processor));
        ProcessorCommandV1 command = signer.sign(new ProcessorCommandV1(step.commandId, saga.requestId,
                step.processor, saga.requestType, saga.jurisdiction, subjectOf(saga), categoriesOf(step), now,
                step.attempt));
        String topic = policy.processor(step.processor).map(Policy.Processor::topic)
                .orElseThrow(() -> new IllegalStateException("processor " + step.processor + " left the policy"));
        return outbox.enqueue(topic, saga.subjectPseudonym, ProcessorCommandV1.TYPE, UUID.randomUUID(), command)
                .chain(() -> SagaTransition.of(saga.requestId, step.processor, previous, StepStatus.DISPATCHED,
                        cause + ": command " + step.commandId + ", attempt " + step.attempt).persist())
                .replaceWithVoid();
    }

    /** The watchdog found the step due: its retry time or its timeout has come. */
    Uni<Void> onDue(Saga saga, SagaStep step) {
        if (saga.status == SagaStatus.CANCELLED || !step.status.isOpen()) {
            step.nextAttemptAt = null;
            return Uni.createFrom().voidItem();
        }
        String why = step.status == StepStatus.RETRY_SCHEDULED ? "retry after a retryable failure"
                : step.status == StepStatus.AWAITING_PROCESSOR ? "no final answer after the expected completion"
                        : "no answer within the timeout";
        if (step.attempt >= config.maxAttempts()) {
            return fail(saga, step, why + ", after " + step.attempt + " dispatches");
        }
        return dispatch(saga, step, why).chain(() -> evaluate(saga, "step " + step.processor + " dispatched again"));
    }

    Uni<Void> fail(Saga saga, SagaStep step, String reason) {
        StepStatus previous = step.status;
        step.status = StepStatus.FAILED;
        step.nextAttemptAt = null;
        step.lastError = reason;
        return SagaTransition.of(saga.requestId, step.processor, previous, StepStatus.FAILED, reason).persist()
                .chain(() -> evaluate(saga, "step " + step.processor + " failed: " + reason));
    }

    static Uni<Void> store(ProcessorOutcomeV1 outcome, String raw) {
        return row(outcome, raw).persist().replaceWithVoid();
    }

    /** Re-decides the step from its stored outcomes and evaluates the saga if the step moved. */
    Uni<Void> updateStep(Saga saga, SagaStep step) {
        return latestOutcomes(step).flatMap(latest -> updateStepOnly(saga, step, latest))
                .flatMap(cause -> cause == null ? Uni.createFrom().voidItem() : evaluate(saga, cause));
    }

    static StepOutcome row(ProcessorOutcomeV1 outcome, String raw) {
        StepOutcome row = new StepOutcome();
        row.outcomeId = outcome.outcomeId();
        row.requestId = outcome.requestId();
        row.processor = outcome.processor();
        row.commandId = outcome.commandId();
        row.category = outcome.category();
        row.status = outcome.status();
        row.payload = raw;
        row.receivedAt = Instant.now();
        return row;
    }

    /**
     * Moves the step to what its latest outcomes say, recording the transition.
     *
     * @return the cause for the saga's evaluation when the step moved, else null
     */
    Uni<String> updateStepOnly(Saga saga, SagaStep step, Map<String, ProcessorOutcomeV1> latest) {
        {
            StepStatus next = SagaDecisions.stepStatus(categoriesOf(step), latest, step.attempt, config.maxAttempts());
            Instant now = Instant.now();
            switch (next) {
                case DONE, FAILED -> step.nextAttemptAt = null;
                case RETRY_SCHEDULED -> step.nextAttemptAt = now.plus(SagaDecisions.backoff(step.attempt,
                        config.retryBackoff(), config.maxRetryBackoff(), ThreadLocalRandom.current().nextDouble()));
                case AWAITING_PROCESSOR -> {
                    step.expectedCompletion = latest.values().stream()
                            .filter(o -> o.status() == OutcomeStatus.PENDING && o.expectedCompletion() != null)
                            .map(ProcessorOutcomeV1::expectedCompletion).max(Instant::compareTo).orElse(now);
                    step.nextAttemptAt = step.expectedCompletion.plus(timeoutOf(step.processor));
                }
                case DISPATCHED -> {
                    // partial answers: the timeout of the dispatch still runs
                }
            }
            if (next == step.status) {
                return Uni.createFrom().nullItem();
            }
            StepStatus previous = step.status;
            step.status = next;
            if (next == StepStatus.DONE) {
                step.completedAt = now;
                step.lastError = null;
            }
            if (next == StepStatus.FAILED || next == StepStatus.RETRY_SCHEDULED) {
                step.lastError = latest.values().stream().filter(o -> o.status() == OutcomeStatus.FAILED)
                        .map(o -> o.category() + ": " + (o.failure() == null ? "failed" : o.failure().reason()))
                        .findFirst().orElse("failed");
            }
            return SagaTransition.of(saga.requestId, step.processor, previous, next, causeOf(next, latest)).persist()
                    .replaceWith("step " + step.processor + " is " + next);
        }
    }

    Uni<Void> evaluate(Saga saga, String cause) {
        if (saga.status == SagaStatus.CANCELLED || saga.status.isCompleted()) {
            return Uni.createFrom().voidItem();
        }
        return SagaStep.<SagaStep> list("requestId", saga.requestId).flatMap(steps -> StepOutcome
                .<StepOutcome> list("requestId = ?1 and status = ?2", saga.requestId, OutcomeStatus.RETAINED)
                .flatMap(retained -> evaluate(saga, steps, !retained.isEmpty(), cause, null, null)));
    }

    /**
     * @param outcomes every stored outcome of the request in the order received, or null to read them when the saga
     *        completes
     * @param completed where a completed saga waits for its record to be appended with others, or null to append it
     *        now
     */
    private Uni<Void> evaluate(Saga saga, List<SagaStep> steps, boolean anyRetained, String cause,
            List<StepOutcome> outcomes, List<Completed> completed) {
        if (saga.status == SagaStatus.CANCELLED || saga.status.isCompleted()) {
            return Uni.createFrom().voidItem();
        }
        SagaStatus next = SagaDecisions.sagaStatus(steps.stream().map(s -> s.status).toList(), anyRetained);
        if (next == saga.status) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> transition = transition(saga, next, cause);
        if (!next.isCompleted()) {
            return transition;
        }
        saga.completedAt = saga.updatedAt;
        Uni<Map<String, List<ProcessorOutcomeV1>>> finals = outcomes == null ? finalOutcomes(steps)
                : Uni.createFrom().item(() -> finalOutcomes(steps, outcomes));
        if (completed != null) {
            return transition.chain(() -> finals).invoke(result -> completed.add(new Completed(saga, result)))
                    .replaceWithVoid();
        }
        return transition.chain(() -> finals)
                .chain(result -> completions.append(saga, result).chain(record -> deferred.schedule(saga, result)))
                .replaceWithVoid();
    }

    Uni<Void> transition(Saga saga, SagaStatus next, String cause) {
        SagaStatus previous = saga.status;
        saga.status = next;
        saga.updatedAt = Instant.now();
        return SagaTransition.of(saga.requestId, null, previous, next, cause).persist().replaceWithVoid();
    }

    /** A deferred erasure was confirmed: the next version of the record shows it. */
    private Uni<Void> appendDeferredVersion(Saga saga, String cause) {
        return SagaStep.<SagaStep> list("requestId", saga.requestId).flatMap(this::finalOutcomes)
                .flatMap(outcomes -> deferred.applyConfirmed(saga.requestId, outcomes))
                .flatMap(outcomes -> {
                    boolean stillRetained = outcomes.values().stream().flatMap(List::stream)
                            .anyMatch(o -> o.status() == OutcomeStatus.RETAINED);
                    SagaStatus next = stillRetained ? SagaStatus.COMPLETED_WITH_RETENTION : SagaStatus.COMPLETED;
                    Uni<Void> transition = next == saga.status ? Uni.createFrom().voidItem()
                            : transition(saga, next, cause);
                    return transition.chain(() -> completions.append(saga, outcomes)).replaceWithVoid();
                });
    }

    /** The final outcome per category for every step, in the policy's processor order. */
    Uni<Map<String, List<ProcessorOutcomeV1>>> finalOutcomes(List<SagaStep> steps) {
        Map<String, List<ProcessorOutcomeV1>> result = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        // one after the other: a reactive session runs one operation at a time
        for (SagaStep step : steps.stream().sorted((a, b) -> Integer.compare(order(a), order(b))).toList()) {
            chain = chain.chain(() -> latestOutcomes(step))
                    .invoke(latest -> result.put(step.processor, List.copyOf(latest.values()))).replaceWithVoid();
        }
        return chain.replaceWith(result);
    }

    private Map<String, List<ProcessorOutcomeV1>> finalOutcomes(List<SagaStep> steps, List<StepOutcome> outcomes) {
        Map<String, List<ProcessorOutcomeV1>> result = new LinkedHashMap<>();
        for (SagaStep step : steps.stream().sorted((a, b) -> Integer.compare(order(a), order(b))).toList()) {
            result.put(step.processor, List.copyOf(latestOf(step, outcomes).values()));
        }
        return result;
    }

    private int order(SagaStep step) {
        for (int i = 0; i < policy.processors().size(); i++) {
            if (policy.processors().get(i).name().equals(step.processor)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    Duration timeoutOf(String processor) {
        return policy.processor(processor).map(Policy.Processor::timeout).orElse(config.defaultTimeout());
    }

    static Uni<Map<String, ProcessorOutcomeV1>> latestOutcomes(SagaStep step) {
        return StepOutcome.<StepOutcome> list("commandId = ?1 order by receivedAt", step.commandId).map(rows -> {
            Map<String, ProcessorOutcomeV1> latest = new LinkedHashMap<>();
            rows.forEach(row -> latest.put(row.category, Json.read(row.payload, ProcessorOutcomeV1.class)));
            return latest;
        });
    }

    /** The latest outcome per category of the step's command, from the request's outcomes in the order received. */
    static Map<String, ProcessorOutcomeV1> latestOf(SagaStep step, List<StepOutcome> outcomes) {
        Map<String, ProcessorOutcomeV1> latest = new LinkedHashMap<>();
        for (StepOutcome row : outcomes) {
            if (step.commandId.equals(row.commandId)) {
                latest.put(row.category, Json.read(row.payload, ProcessorOutcomeV1.class));
            }
        }
        return latest;
    }

    private static String causeOf(StepStatus next, Map<String, ProcessorOutcomeV1> latest) {
        return switch (next) {
            case DONE -> "every category answered: " + summary(latest);
            case FAILED -> "a category failed: " + summary(latest);
            case RETRY_SCHEDULED -> "a retryable failure, dispatched again after a backoff: " + summary(latest);
            case AWAITING_PROCESSOR -> "processor works asynchronously: " + summary(latest);
            case DISPATCHED -> "outcomes so far: " + summary(latest);
        };
    }

    private static String summary(Map<String, ProcessorOutcomeV1> latest) {
        StringBuilder sb = new StringBuilder();
        latest.values().forEach(o -> sb.append(sb.isEmpty() ? "" : ", ").append(o.category()).append('=')
                .append(o.status()));
        return sb.toString();
    }

    static List<CategoryCommand> categoriesOf(SagaStep step) {
        try {
            return Json.MAPPER.readValue(step.categoriesJson, CATEGORIES);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("step " + step.id + " has unreadable categories", e);
        }
    }

    static Subject subjectOf(Saga saga) {
        return Json.read(saga.subjectJson, Subject.class);
    }
}
