package org.dsr.orchestrator.saga;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Subject;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.outbox.OutboxService;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.proof.CompletionRecordService;

/**
 * Runs one saga per request: a step per processor the policy names for the request type, one command per step
 * through the outbox, and a completion record once every step has a positive outcome for every category. Each
 * method runs inside the consumer's transaction.
 */
@ApplicationScoped
public class SagaService {

    private static final Logger LOG = Logger.getLogger(SagaService.class);
    private static final TypeReference<List<CategoryCommand>> CATEGORIES = new TypeReference<>() {
    };

    private final Policy policy;
    private final OutboxService outbox;
    private final CompletionRecordService completions;

    public SagaService(Policy policy, OutboxService outbox, CompletionRecordService completions) {
        this.policy = policy;
        this.outbox = outbox;
        this.completions = completions;
    }

    public Uni<Void> start(RequestSubmittedV1 request) {
        return Saga.<Saga> findById(request.requestId()).flatMap(existing -> {
            if (existing != null) {
                LOG.debugf("saga %s exists already", request.requestId());
                return Uni.createFrom().voidItem();
            }
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
            List<Uni<?>> dispatches = new ArrayList<>();
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
                step.attempt = 1;
                step.categoriesJson = Json.write(categories);
                step.dispatchedAt = now;
                rows.add(step);
                rows.add(SagaTransition.of(saga.requestId, processor.name(), null, StepStatus.DISPATCHED,
                        "command " + step.commandId + " dispatched, attempt 1"));
                ProcessorCommandV1 command = new ProcessorCommandV1(step.commandId, saga.requestId, processor.name(),
                        request.type(), request.jurisdiction(), request.subject(), categories, now, step.attempt);
                dispatches.add(outbox.enqueue(processor.topic(), saga.subjectPseudonym, ProcessorCommandV1.TYPE,
                        UUID.randomUUID(), command));
            }
            Uni<Void> chain = Panache.getSession().chain(session -> session.persistAll(rows.toArray()));
            for (Uni<?> dispatch : dispatches) {
                chain = chain.chain(() -> dispatch).replaceWithVoid();
            }
            boolean noSteps = dispatches.isEmpty();
            return chain.chain(() -> noSteps ? evaluate(saga, "no processor holds categories for this request type")
                    : Uni.createFrom().voidItem());
        });
    }

    public Uni<Void> recordOutcome(ProcessorOutcomeV1 outcome) {
        return Saga.<Saga> findById(outcome.requestId(), LockModeType.PESSIMISTIC_WRITE).flatMap(saga -> {
            if (saga == null) {
                return Uni.createFrom().failure(new PoisonMessageException("outcome for an unknown request"));
            }
            return SagaStep.<SagaStep> find("requestId = ?1 and processor = ?2", saga.requestId, outcome.processor())
                    .firstResult().flatMap(step -> {
                        if (step == null || !step.commandId.equals(outcome.commandId())) {
                            return Uni.createFrom().failure(
                                    new PoisonMessageException("outcome for an unknown command of this request"));
                        }
                        return StepOutcome.<StepOutcome> findById(outcome.outcomeId()).flatMap(known -> known != null
                                ? Uni.createFrom().voidItem()
                                : store(outcome).chain(() -> updateStep(saga, step)));
                    });
        });
    }

    private Uni<Void> store(ProcessorOutcomeV1 outcome) {
        StepOutcome row = new StepOutcome();
        row.outcomeId = outcome.outcomeId();
        row.requestId = outcome.requestId();
        row.processor = outcome.processor();
        row.commandId = outcome.commandId();
        row.category = outcome.category();
        row.status = outcome.status();
        row.payload = Json.write(outcome);
        row.receivedAt = Instant.now();
        return row.persist().replaceWithVoid();
    }

    private Uni<Void> updateStep(Saga saga, SagaStep step) {
        return latestOutcomes(step).flatMap(latest -> {
            StepStatus next = SagaDecisions.stepStatus(categoriesOf(step), latest);
            if (next == step.status) {
                return Uni.createFrom().voidItem();
            }
            StepStatus previous = step.status;
            step.status = next;
            if (next == StepStatus.DONE) {
                step.completedAt = Instant.now();
            }
            if (next == StepStatus.FAILED) {
                step.lastError = latest.values().stream().filter(o -> o.status() == OutcomeStatus.FAILED)
                        .map(o -> o.category() + ": " + (o.failure() == null ? "failed" : o.failure().reason()))
                        .findFirst().orElse("failed");
            }
            return SagaTransition.of(saga.requestId, step.processor, previous, next, causeOf(next, latest)).persist()
                    .chain(() -> evaluate(saga, "step " + step.processor + " is " + next));
        });
    }

    private Uni<Void> evaluate(Saga saga, String cause) {
        return SagaStep.<SagaStep> list("requestId", saga.requestId).flatMap(steps -> StepOutcome
                .<StepOutcome> list("requestId = ?1 and status = ?2", saga.requestId, OutcomeStatus.RETAINED)
                .flatMap(retained -> {
                    SagaStatus next = SagaDecisions.sagaStatus(steps.stream().map(s -> s.status).toList(),
                            !retained.isEmpty());
                    if (next == saga.status) {
                        return Uni.createFrom().voidItem();
                    }
                    SagaStatus previous = saga.status;
                    saga.status = next;
                    saga.updatedAt = Instant.now();
                    Uni<Void> transition = SagaTransition.of(saga.requestId, null, previous, next, cause).persist()
                            .replaceWithVoid();
                    if (!next.isCompleted()) {
                        return transition;
                    }
                    saga.completedAt = saga.updatedAt;
                    return transition.chain(() -> finalOutcomes(steps))
                            .chain(outcomes -> completions.append(saga, outcomes)).replaceWithVoid();
                }));
    }

    /** The final outcome per category for every step, in the policy's processor order. */
    private Uni<Map<String, List<ProcessorOutcomeV1>>> finalOutcomes(List<SagaStep> steps) {
        Map<String, List<ProcessorOutcomeV1>> result = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        // one after the other: a reactive session runs one operation at a time
        for (SagaStep step : steps.stream().sorted((a, b) -> Integer.compare(order(a), order(b))).toList()) {
            chain = chain.chain(() -> latestOutcomes(step))
                    .invoke(latest -> result.put(step.processor, List.copyOf(latest.values()))).replaceWithVoid();
        }
        return chain.replaceWith(result);
    }

    private int order(SagaStep step) {
        for (int i = 0; i < policy.processors().size(); i++) {
            if (policy.processors().get(i).name().equals(step.processor)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static Uni<Map<String, ProcessorOutcomeV1>> latestOutcomes(SagaStep step) {
        return StepOutcome.<StepOutcome> list("commandId = ?1 order by receivedAt", step.commandId).map(rows -> {
            Map<String, ProcessorOutcomeV1> latest = new LinkedHashMap<>();
            rows.forEach(row -> latest.put(row.category, Json.read(row.payload, ProcessorOutcomeV1.class)));
            return latest;
        });
    }

    private static String causeOf(StepStatus next, Map<String, ProcessorOutcomeV1> latest) {
        return switch (next) {
            case DONE -> "every category answered: " + summary(latest);
            case FAILED -> "a category failed: " + summary(latest);
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
