package org.dsr.orchestrator.saga;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
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
import org.dsr.kit.outbox.OutboxService;
import org.dsr.kit.reactive.InOrder;
import org.dsr.orchestrator.deferred.DeferredErasureRules;
import org.dsr.orchestrator.deferred.DeferredErasureService;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.proof.CommandSigner;
import org.dsr.orchestrator.proof.CompletionRecordService;
import org.dsr.orchestrator.proof.CompletionRecordService.Completed;
import org.dsr.orchestrator.proof.ProcessorSignatures;
import org.dsr.orchestrator.saga.machine.Decision;
import org.dsr.orchestrator.saga.machine.SagaEvent;
import org.dsr.orchestrator.saga.machine.SagaMachine;
import org.dsr.orchestrator.saga.machine.SagaState;
import org.jboss.logging.Logger;

/**
 * Runs one saga per request. The rules are {@link SagaMachine}'s; this class locks, loads, asks the machine and
 * applies its decision: the state back onto the rows, the transitions recorded, the commands through the outbox, and
 * a completion record once the saga completes. Every method runs inside the caller's transaction and holds the saga's
 * row lock, so concurrent instances take turns per saga.
 */
@ApplicationScoped
public class SagaService {

    private static final Logger LOG = Logger.getLogger(SagaService.class);
    private static final TypeReference<List<CategoryCommand>> CATEGORIES = new TypeReference<>() {};

    private final Policy policy;
    private final OutboxService outbox;
    private final CompletionRecordService completions;
    private final DeferredErasureService deferred;
    private final ProcessorSignatures signatures;
    private final CommandSigner signer;
    private final SagaMachine machine;
    private final SagaRepository sagas;
    private final SagaStepRepository steps;
    private final StepOutcomeRepository outcomes;
    private final Clock clock;

    public SagaService(
            Policy policy,
            OutboxService outbox,
            CompletionRecordService completions,
            DeferredErasureService deferred,
            ProcessorSignatures signatures,
            CommandSigner signer,
            SagaMachine machine,
            SagaRepository sagas,
            SagaStepRepository steps,
            StepOutcomeRepository outcomes,
            Clock clock) {
        this.policy = policy;
        this.outbox = outbox;
        this.completions = completions;
        this.deferred = deferred;
        this.signatures = signatures;
        this.signer = signer;
        this.machine = machine;
        this.sagas = sagas;
        this.steps = steps;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** A saga with its steps as read under its lock; {@code anyRetained}: whether a stored outcome is RETAINED. */
    public record Loaded(Saga saga, List<SagaStep> steps, boolean anyRetained) {

        public SagaState state() {
            return stateOf(saga, steps, anyRetained);
        }

        public SagaStep step(String processor) {
            return steps.stream()
                    .filter(s -> s.processor.equals(processor))
                    .findFirst()
                    .orElse(null);
        }
    }

    public Uni<Void> start(RequestSubmittedV1 request) {
        return startAll(List.of(request));
    }

    /** Starts a saga for each request that has none yet, with one read for the whole poll. */
    public Uni<Void> startAll(List<RequestSubmittedV1> requests) {
        for (RequestSubmittedV1 request : requests) {
            if (request.requestId() == null
                    || request.type() == null
                    || request.jurisdiction() == null
                    || request.subject() == null
                    || request.subject().pseudonym() == null
                    || request.receivedAt() == null
                    || request.dueAt() == null) {
                return Uni.createFrom()
                        .failure(new PoisonMessageException(RequestSubmittedV1.TYPE
                                + " lacks one of requestId, type, jurisdiction, subject.pseudonym, receivedAt, dueAt"));
            }
        }
        List<UUID> ids = requests.stream().map(RequestSubmittedV1::requestId).toList();
        return sagas.list("requestId in ?1", ids).flatMap(existing -> {
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
        Decision decision = machine.start(request);
        SagaState state = decision.state();
        Saga saga = new Saga();
        saga.requestId = state.requestId();
        saga.requestType = state.requestType();
        saga.jurisdiction = state.jurisdiction();
        saga.subjectPseudonym = request.subject().pseudonym();
        saga.subjectJson = Json.write(request.subject());
        saga.receivedAt = state.receivedAt();
        saga.dueAt = state.dueAt();
        saga.createdAt = state.updatedAt();
        List<SagaStep> created = new ArrayList<>();
        for (SagaState.Step s : state.steps()) {
            SagaStep step = new SagaStep();
            step.id = s.id();
            step.requestId = saga.requestId;
            step.processor = s.processor();
            step.commandId = s.commandId();
            step.categoriesJson = Json.write(s.categories());
            created.add(step);
        }
        // the rows are inserted as the machine left them: no update after the insert
        copy(state, saga, created);
        List<Object> rows = new ArrayList<>();
        rows.add(saga);
        rows.addAll(created);
        return Panache.getSession()
                .chain(session -> session.persistAll(rows.toArray()))
                .chain(() -> apply(new Loaded(saga, created, false), decision, null, null));
    }

    /** @param raw the outcome's JSON as received, kept byte-faithful for the proof */
    public Uni<Void> recordOutcome(ProcessorOutcomeV1 outcome, String raw) {
        return recordOutcomes(List.of(new ReceivedOutcome(outcome, raw)));
    }

    /**
     * Records a poll's outcomes with three reads for the whole poll: the sagas they name (locked, in id order so two
     * instances never deadlock), their steps and their stored outcomes. Then every new outcome is stored, and per
     * request the machine re-decides each step they answer and evaluates the saga once. An adapter publishes all
     * outcomes of a command together, so they usually arrive in one poll: one pass instead of one per category.
     */
    public Uni<Void> recordOutcomes(List<ReceivedOutcome> received) {
        Map<UUID, List<ReceivedOutcome>> byRequest = new LinkedHashMap<>();
        for (ReceivedOutcome r : received) {
            ProcessorOutcomeV1 o = r.outcome();
            if (o.outcomeId() == null
                    || o.requestId() == null
                    || o.commandId() == null
                    || o.processor() == null
                    || o.category() == null
                    || o.status() == null) {
                return Uni.createFrom()
                        .failure(new PoisonMessageException(ProcessorOutcomeV1.TYPE
                                + " lacks one of outcomeId, requestId, commandId, processor, category," + " status"));
            }
            try {
                signatures.requireSignedByProcessor(r);
            } catch (PoisonMessageException e) {
                return Uni.createFrom().failure(e);
            }
            byRequest
                    .computeIfAbsent(r.outcome().requestId(), id -> new ArrayList<>())
                    .add(r);
        }
        List<UUID> ids = byRequest.keySet().stream().sorted().toList();
        return sagas.find("requestId in ?1 order by requestId", ids)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list()
                .flatMap(locked -> {
                    if (locked.size() < ids.size()) {
                        return Uni.createFrom().failure(new PoisonMessageException("outcome for an unknown request"));
                    }
                    return steps.list("requestId in ?1", ids)
                            .flatMap(allSteps -> outcomes.list("requestId in ?1 order by receivedAt", ids)
                                    .flatMap(stored -> record(byRequest, locked, allSteps, stored)));
                });
    }

    private Uni<Void> record(
            Map<UUID, List<ReceivedOutcome>> byRequest,
            List<Saga> locked,
            List<SagaStep> allSteps,
            List<StepOutcome> allStored) {
        Map<UUID, List<SagaStep>> stepsOf = new HashMap<>();
        allSteps.forEach(step ->
                stepsOf.computeIfAbsent(step.requestId, id -> new ArrayList<>()).add(step));
        Map<UUID, List<StepOutcome>> outcomesOf = new HashMap<>();
        allStored.forEach(row -> outcomesOf
                .computeIfAbsent(row.requestId, id -> new ArrayList<>())
                .add(row));
        Set<UUID> known = new HashSet<>();
        allStored.forEach(row -> known.add(row.outcomeId));

        List<StepOutcome> fresh = new ArrayList<>();
        Map<UUID, Set<SagaStep>> answered = new HashMap<>();
        Map<UUID, List<ReceivedOutcome>> others = new HashMap<>();
        for (Map.Entry<UUID, List<ReceivedOutcome>> entry : byRequest.entrySet()) {
            Map<String, SagaStep> byProcessor = new HashMap<>();
            stepsOf.getOrDefault(entry.getKey(), List.of()).forEach(step -> byProcessor.put(step.processor, step));
            for (ReceivedOutcome r : entry.getValue()) {
                SagaStep step = byProcessor.get(r.outcome().processor());
                if (step == null || !step.commandId.equals(r.outcome().commandId())) {
                    others.computeIfAbsent(entry.getKey(), id -> new ArrayList<>())
                            .add(r);
                } else if (known.add(r.outcome().outcomeId())) {
                    StepOutcome row = row(r.outcome(), r.raw(), clock.instant());
                    fresh.add(row);
                    outcomesOf
                            .computeIfAbsent(entry.getKey(), id -> new ArrayList<>())
                            .add(row);
                    answered.computeIfAbsent(entry.getKey(), id -> new LinkedHashSet<>())
                            .add(step);
                }
            }
        }
        Map<UUID, Saga> byId = new HashMap<>();
        locked.forEach(saga -> byId.put(saga.requestId, saga));
        // records of the sagas this poll completes are appended at the end, together: the chain head stays locked
        // only for that
        List<Completed> completed = new ArrayList<>();
        Uni<Void> stored = fresh.isEmpty()
                ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> session.persistAll(fresh.toArray()));
        return stored.chain(() -> InOrder.each(byRequest.keySet(), requestId -> {
                    Saga saga = byId.get(requestId);
                    Set<SagaStep> moved = answered.get(requestId);
                    Uni<Void> work = moved == null
                            ? Uni.createFrom().voidItem()
                            : decideSteps(saga, stepsOf.get(requestId), moved, outcomesOf.get(requestId), completed);
                    List<ReceivedOutcome> other = others.getOrDefault(requestId, List.of());
                    if (other.isEmpty()) {
                        return work;
                    }
                    // a deferred erasure's outcome appends a later version of an earlier record: keep the chain in
                    // order
                    return work.chain(() -> appendCompleted(completed))
                            .chain(() -> InOrder.each(other, r -> recordOther(saga, r.outcome(), r.raw())));
                }))
                .chain(() -> appendCompleted(completed));
    }

    private Uni<Void> appendCompleted(List<Completed> completed) {
        if (completed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Completed> batch = List.copyOf(completed);
        completed.clear();
        return completions.appendAll(batch).chain(() -> deferred.scheduleAll(batch));
    }

    /** The machine re-decides each answered step from its latest outcomes, then evaluates the saga once. */
    private Uni<Void> decideSteps(
            Saga saga,
            List<SagaStep> sagaSteps,
            Set<SagaStep> answered,
            List<StepOutcome> stored,
            List<Completed> completed) {
        Map<UUID, Map<String, ProcessorOutcomeV1>> latest = new LinkedHashMap<>();
        answered.forEach(step -> latest.put(step.id, latestOf(step, stored)));
        boolean anyRetained = stored.stream().anyMatch(o -> o.status == OutcomeStatus.RETAINED);
        Loaded loaded = new Loaded(saga, sagaSteps, anyRetained);
        return apply(loaded, machine.decide(loaded.state(), new SagaEvent.OutcomesReceived(latest)), stored, completed);
    }

    /** Not the step's current command: a deferred erasure's outcome, or poison. */
    private Uni<Void> recordOther(Saga saga, ProcessorOutcomeV1 outcome, String raw) {
        return deferred.recordOutcome(saga, outcome, raw).flatMap(answer -> switch (answer) {
            case CONFIRMED ->
                appendDeferredVersion(
                        saga,
                        "deferred erasure of " + outcome.processor() + "/" + outcome.category() + " confirmed: "
                                + outcome.status());
            case NOTED -> Uni.createFrom().voidItem();
            case UNKNOWN ->
                Uni.createFrom().failure(new PoisonMessageException("outcome for an unknown command of this request"));
        });
    }

    /** Locks the saga row for the rest of the transaction. */
    public Uni<Saga> lock(UUID requestId) {
        return sagas.findById(requestId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Locks the saga and reads its steps and whether any stored outcome is RETAINED: what the machine needs to decide
     * an event that did not come with outcomes. Null when there is no such saga.
     */
    public Uni<Loaded> load(UUID requestId) {
        return lock(requestId)
                .flatMap(saga -> saga == null
                        ? Uni.createFrom().nullItem()
                        : steps.list("requestId", requestId)
                                .flatMap(list -> outcomes.count(
                                                "requestId = ?1 and status = ?2", requestId, OutcomeStatus.RETAINED)
                                        .map(retained -> new Loaded(saga, list, retained > 0))));
    }

    /**
     * Asks the machine about an event on a loaded saga and applies its decision (a refused one changes nothing); a
     * saga that completes gets its record now.
     */
    public Uni<Decision> handle(Loaded loaded, SagaEvent event) {
        Decision decision = machine.decide(loaded.state(), event);
        if (decision.isRefused()) {
            return Uni.createFrom().item(decision);
        }
        return apply(loaded, decision, null, null).replaceWith(decision);
    }

    /** The watchdog found the step due: its retry time or its timeout has come (re-checked under the lock). */
    Uni<Void> onDue(UUID requestId, UUID stepId) {
        return load(requestId)
                .flatMap(loaded -> loaded == null
                        ? Uni.createFrom().voidItem()
                        : handle(loaded, new SagaEvent.StepDue(stepId)).replaceWithVoid());
    }

    /**
     * Applies a decision: the state onto the rows, hand-written outcomes and transitions stored in order, commands
     * through the outbox; for a saga completed now, its record.
     *
     * @param stored every stored outcome of the request in the order received, or null to read them for the record
     * @param completed where a completed saga waits for its record to be appended with others, or null to append it
     *        now
     */
    private Uni<Void> apply(Loaded loaded, Decision decision, List<StepOutcome> stored, List<Completed> completed) {
        Saga saga = loaded.saga();
        copy(decision.state(), saga, loaded.steps());
        List<Object> rows = new ArrayList<>();
        List<Decision.Dispatch> dispatches = new ArrayList<>();
        for (Decision.Command command : decision.commands()) {
            if (command instanceof Decision.StoreOutcome s) {
                rows.add(row(s.outcome(), Json.write(s.outcome()), s.receivedAt()));
            } else if (command instanceof Decision.Dispatch d) {
                dispatches.add(d);
            }
        }
        decision.transitions()
                .forEach(t -> rows.add(
                        SagaTransition.of(saga.requestId, t.processor(), t.from(), t.to(), t.cause(), t.at())));
        Uni<Void> written = rows.isEmpty()
                ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> session.persistAll(rows.toArray()));
        Uni<Void> sent = written.chain(() -> InOrder.each(dispatches, d -> send(saga, d)));
        if (!decision.completed()) {
            return sent;
        }
        List<SagaStep> sagaSteps = loaded.steps();
        Uni<Map<String, List<ProcessorOutcomeV1>>> finals = stored == null
                ? finalOutcomes(sagaSteps)
                : Uni.createFrom().item(() -> finalOutcomes(sagaSteps, stored));
        if (completed != null) {
            return sent.chain(() -> finals)
                    .invoke(result -> completed.add(new Completed(saga, result)))
                    .replaceWithVoid();
        }
        return sent.chain(() -> finals)
                .chain(result -> completions.append(saga, result).chain(record -> deferred.schedule(saga, result)))
                .replaceWithVoid();
    }

    /** Sends the step's command: the machine's dispatch, signed anew, with a fresh event id. */
    private Uni<Void> send(Saga saga, Decision.Dispatch dispatch) {
        ProcessorCommandV1 command = signer.sign(new ProcessorCommandV1(
                dispatch.commandId(),
                saga.requestId,
                dispatch.processor(),
                saga.requestType,
                saga.jurisdiction,
                subjectOf(saga),
                dispatch.categories(),
                dispatch.issuedAt(),
                dispatch.attempt()));
        String topic = policy.processor(dispatch.processor())
                .map(Policy.Processor::topic)
                .orElseThrow(() -> new IllegalStateException("processor " + dispatch.processor() + " left the policy"));
        return outbox.enqueue(topic, saga.subjectPseudonym, ProcessorCommandV1.TYPE, UUID.randomUUID(), command)
                .replaceWithVoid();
    }

    /** A deferred erasure was confirmed: the next version of the record shows it. */
    private Uni<Void> appendDeferredVersion(Saga saga, String cause) {
        return steps.list("requestId", saga.requestId)
                .flatMap(sagaSteps -> finalOutcomes(sagaSteps)
                        .flatMap(finals -> deferred.applyConfirmed(saga.requestId, finals))
                        .flatMap(finals -> {
                            Loaded loaded = new Loaded(saga, sagaSteps, false);
                            Decision decision = machine.decide(
                                    loaded.state(),
                                    new SagaEvent.DeferredErasureConfirmed(
                                            DeferredErasureRules.stillRetained(finals), cause));
                            return apply(loaded, decision, null, null)
                                    .chain(() -> completions.append(saga, finals))
                                    .replaceWithVoid();
                        }));
    }

    /** The final outcome per category for every step, in the policy's processor order. */
    Uni<Map<String, List<ProcessorOutcomeV1>>> finalOutcomes(List<SagaStep> sagaSteps) {
        Map<String, List<ProcessorOutcomeV1>> result = new LinkedHashMap<>();
        // one after the other: a reactive session runs one operation at a time
        return InOrder.each(
                        inPolicyOrder(sagaSteps),
                        step -> latestOutcomes(step)
                                .invoke(latest -> result.put(step.processor, List.copyOf(latest.values()))))
                .replaceWith(result);
    }

    private Map<String, List<ProcessorOutcomeV1>> finalOutcomes(List<SagaStep> sagaSteps, List<StepOutcome> stored) {
        Map<String, List<ProcessorOutcomeV1>> result = new LinkedHashMap<>();
        for (SagaStep step : inPolicyOrder(sagaSteps)) {
            result.put(step.processor, List.copyOf(latestOf(step, stored).values()));
        }
        return result;
    }

    private List<SagaStep> inPolicyOrder(List<SagaStep> sagaSteps) {
        return sagaSteps.stream().sorted(Comparator.comparingInt(this::order)).toList();
    }

    private int order(SagaStep step) {
        for (int i = 0; i < policy.processors().size(); i++) {
            if (policy.processors().get(i).name().equals(step.processor)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The latest stored outcome per category of the step's current command. */
    Uni<Map<String, ProcessorOutcomeV1>> latestOutcomes(SagaStep step) {
        return outcomes.list("commandId = ?1 order by receivedAt", step.commandId)
                .map(rows -> {
                    Map<String, ProcessorOutcomeV1> latest = new LinkedHashMap<>();
                    rows.forEach(row -> latest.put(row.category, Json.read(row.payload, ProcessorOutcomeV1.class)));
                    return latest;
                });
    }

    /** The latest outcome per category of the step's command, from the request's outcomes in the order received. */
    static Map<String, ProcessorOutcomeV1> latestOf(SagaStep step, List<StepOutcome> stored) {
        Map<String, ProcessorOutcomeV1> latest = new LinkedHashMap<>();
        for (StepOutcome row : stored) {
            if (step.commandId.equals(row.commandId)) {
                latest.put(row.category, Json.read(row.payload, ProcessorOutcomeV1.class));
            }
        }
        return latest;
    }

    static StepOutcome row(ProcessorOutcomeV1 outcome, String raw, Instant receivedAt) {
        StepOutcome row = new StepOutcome();
        row.outcomeId = outcome.outcomeId();
        row.requestId = outcome.requestId();
        row.processor = outcome.processor();
        row.commandId = outcome.commandId();
        row.category = outcome.category();
        row.status = outcome.status();
        row.payload = raw;
        row.receivedAt = receivedAt;
        return row;
    }

    /** The machine's view of the rows. */
    static SagaState stateOf(Saga saga, List<SagaStep> sagaSteps, boolean anyRetained) {
        return new SagaState(
                saga.requestId,
                saga.requestType,
                saga.jurisdiction,
                saga.status,
                saga.receivedAt,
                saga.dueAt,
                saga.originalDueAt,
                saga.extensionReason,
                saga.updatedAt,
                saga.completedAt,
                anyRetained,
                sagaSteps.stream()
                        .map(s -> new SagaState.Step(
                                s.id,
                                s.processor,
                                s.status,
                                s.commandId,
                                s.attempt,
                                categoriesOf(s),
                                s.dispatchedAt,
                                s.completedAt,
                                s.lastError,
                                s.nextAttemptAt,
                                s.expectedCompletion))
                        .toList());
    }

    /** The machine's decision back onto the rows (managed: the session writes what changed). */
    static void copy(SagaState state, Saga saga, List<SagaStep> sagaSteps) {
        saga.status = state.status();
        saga.dueAt = state.dueAt();
        saga.originalDueAt = state.originalDueAt();
        saga.extensionReason = state.extensionReason();
        saga.updatedAt = state.updatedAt();
        saga.completedAt = state.completedAt();
        for (SagaStep step : sagaSteps) {
            SagaState.Step s = state.step(step.id);
            step.status = s.status();
            step.attempt = s.attempt();
            step.dispatchedAt = s.dispatchedAt();
            step.completedAt = s.completedAt();
            step.lastError = s.lastError();
            step.nextAttemptAt = s.nextAttemptAt();
            step.expectedCompletion = s.expectedCompletion();
        }
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
