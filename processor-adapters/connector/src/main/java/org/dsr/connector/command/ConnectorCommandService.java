package org.dsr.connector.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.SecretKey;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.CommandDecryption;
import org.dsr.adapter.kit.OutcomeRules;
import org.dsr.connector.hosted.HostedProcessor;
import org.dsr.connector.hosted.HostedProcessors;
import org.dsr.connector.kind.CommandContext;
import org.dsr.connector.kind.PendingStepIds;
import org.dsr.connector.kind.StepResult;
import org.dsr.connector.pending.PendingSteps;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.subject.Identifier;
import org.dsr.kit.inbox.PoisonMessageException;

/**
 * Acts on one poll's commands inside the transaction {@link org.dsr.kit.inbox.IdempotentConsumer} opened (which holds
 * the inbox records), one command after the other, for whichever hosted processor each is addressed to:
 * <ol>
 * <li>read the command and check it ({@link CommandGate}: poison when malformed, addressed to a processor this
 * connector does not host, not signed by the orchestrator's pinned key, outside the replay window or a replay), then
 * open its identifiers (request-service's data key, fetched for the poll at once against the signed commands);</li>
 * <li>answer again what is already pending or finished for this command (a re-dispatch, which names all the step's
 * categories, never acts twice on one: acting again would find nothing and answer NOT_FOUND for data that was
 * erased), refuse what the processor does not know (FAILED, permanent), and hand the rest, including what failed
 * before, to the processor's kind with the attempt journal;</li>
 * <li>turn each result into an outcome ({@link OutcomeRules}), record PENDING ones for the job and final ones (not
 * FAILED) for later re-dispatches, end the attempt, and write every outcome, signed with the processor's key, as one
 * message to the outbox.</li>
 * </ol>
 * Everything in the connector's database commits together or not at all; what a kind did in the processor's own
 * system before a crash is covered by the attempt journal.
 */
@ApplicationScoped
public class ConnectorCommandService {

    private static final Logger LOG = Logger.getLogger(ConnectorCommandService.class);

    private final HostedProcessors hosted;
    private final CommandGate gate;
    private final CommandDecryption decryption;
    private final AttemptJournals journals;
    private final PendingSteps pending;
    private final OutcomePublisher publisher;

    public ConnectorCommandService(HostedProcessors hosted, CommandGate gate, CommandDecryption decryption,
            AttemptJournals journals, PendingSteps pending, OutcomePublisher publisher) {
        this.hosted = hosted;
        this.gate = gate;
        this.decryption = decryption;
        this.journals = journals;
        this.pending = pending;
        this.publisher = publisher;
    }

    public Uni<Void> handleAll(List<EventEnvelope> events) {
        List<ProcessorCommandV1> commands = new ArrayList<>();
        try {
            events.forEach(event -> commands.add(gate.read(event)));
        } catch (PoisonMessageException e) {
            return Uni.createFrom().failure(e);
        }
        // every command of the poll checked, replays included, before any key is fetched or anything is done
        return gate.admit(commands).chain(() -> decryption.prefetch(commands)).flatMap(keys -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int i = 0; i < events.size(); i++) {
                EventEnvelope event = events.get(i);
                ProcessorCommandV1 command = commands.get(i);
                chain = chain.chain(() -> handle(event.id(), command, keys))
                        .chain(() -> Panache.getSession().chain(session -> session.flush().invoke(session::clear)));
            }
            return chain;
        });
    }

    private Uni<Void> handle(String eventId, ProcessorCommandV1 command, Map<String, SecretKey> keys) {
        long started = System.nanoTime();
        HostedProcessor processor = hosted.get(command.processor());
        // the categories this command was already answered for: open, or finished (at once or later); a category
        // answered FAILED at once has no row and is acted on again
        return pending.ofCommand(command.commandId(), processor.name()).flatMap(known -> {
            Map<String, PendingSteps.Row> byCategory = new HashMap<>();
            known.forEach(row -> byCategory.put(row.step().category(), row));
            Map<String, Set<Action>> supported = processor.connector().categories();
            List<CategoryCommand> acting = new ArrayList<>();
            for (CategoryCommand c : command.categories()) {
                Set<Action> actions = supported.get(c.category());
                if (!byCategory.containsKey(c.category()) && actions != null && actions.contains(c.action())) {
                    acting.add(c);
                }
            }
            Uni<Map<String, StepResult>> results = acting.isEmpty() ? Uni.createFrom().item(Map.of())
                    : act(processor, command, acting, keys);
            int answeredBefore = (int) command.categories().stream()
                    .filter(c -> byCategory.containsKey(c.category())).count();
            return results.flatMap(byResult -> answer(eventId, processor, command, byCategory, byResult))
                    .invoke(outcomes -> LOG.infof("command %s (request %s, attempt %d) at %s: %s in %d ms%s",
                            command.commandId(), command.requestId(), command.attempt(), processor.name(),
                            summary(outcomes), (System.nanoTime() - started) / 1_000_000, answeredBefore == 0 ? ""
                                    : " (" + answeredBefore + " answered again from what was done before)"));
        }).replaceWithVoid();
    }

    private Uni<Map<String, StepResult>> act(HostedProcessor processor, ProcessorCommandV1 command,
            List<CategoryCommand> acting, Map<String, SecretKey> keys) {
        Uni<List<Identifier>> identifiers = decryption.identifiers(command, acting, keys);
        return identifiers.flatMap(ids -> journals.open(command.commandId(), processor.name())
                .flatMap(journal -> execute(processor, new CommandContext(command, ids, acting, journal))))
                .map(list -> {
                    Map<String, StepResult> byCategory = new HashMap<>();
                    list.forEach(r -> byCategory.put(r.category(), r));
                    return byCategory;
                });
    }

    private static Uni<List<StepResult>> execute(HostedProcessor processor, CommandContext context) {
        Uni<List<StepResult>> result;
        try {
            result = processor.connector().execute(context);
        } catch (RuntimeException e) {
            result = Uni.createFrom().failure(e);
        }
        return CommandDecryption.onCallersContext(result);
    }

    /**
     * One outcome per category of the command, in the command's order. Every final answer the kind gave now (any
     * status but PENDING and FAILED) is stored finished with its signed outcome, in the transaction of the outbox row
     * that publishes it, so a later re-dispatch is answered from it; a FAILED one is not stored, so a re-dispatch
     * (the orchestrator's retry, or an operator's once the cause is fixed) acts on it again.
     */
    private Uni<List<ProcessorOutcomeV1>> answer(String eventId, HostedProcessor processor,
            ProcessorCommandV1 command, Map<String, PendingSteps.Row> known, Map<String, StepResult> results) {
        Map<String, Set<Action>> supported = processor.connector().categories();
        List<ProcessorOutcomeV1> outcomes = new ArrayList<>();
        Set<Integer> finals = new HashSet<>();
        Uni<Void> writes = Uni.createFrom().voidItem();
        Instant now = Instant.now();
        for (int i = 0; i < command.categories().size(); i++) {
            CategoryCommand category = command.categories().get(i);
            UUID outcomeId = OutcomeRules.outcomeId(eventId, i, category.category());
            PendingSteps.Row row = known.get(category.category());
            StepResult result = results.get(category.category());
            if (row != null) {
                outcomes.add(again(row, outcomeId, processor.name(), command, category));
            } else if (!supported.containsKey(category.category())) {
                outcomes.add(OutcomeRules.refused(outcomeId, processor.name(), command, category, "unknown category "
                        + OutcomeRules.printable(category.category()), now));
            } else if (!supported.get(category.category()).contains(category.action())) {
                outcomes.add(OutcomeRules.refused(outcomeId, processor.name(), command, category,
                        "action not supported: " + category.action() + " on " + category.category(), now));
            } else if (result == null) {
                outcomes.add(OutcomeRules.outcome(outcomeId, processor.name(), command, category,
                        CategoryResult.failed(true, "the connector gave no answer for this category",
                                "not examined"), now));
            } else {
                ProcessorOutcomeV1 outcome = OutcomeRules.outcome(outcomeId, processor.name(), command, category,
                        result.result(), now);
                outcomes.add(outcome);
                if (outcome.status() == OutcomeStatus.PENDING) {
                    UUID stepId = PendingStepIds.of(command.commandId(), processor.name(), category.category());
                    writes = writes.chain(() -> pending.add(stepId, command, category.category(), category.action(),
                            result.resumeState(), outcome.expectedCompletion(), outcome.evidence()));
                } else if (outcome.status() != OutcomeStatus.FAILED) {
                    finals.add(i);
                }
            }
        }
        return writes.chain(() -> journals.close(command.commandId(), processor.name()))
                .chain(() -> publisher.publish(processor, OutcomeRules.batchId(eventId), command.subject()
                        .pseudonym(), command.commandId(), command.requestId(), outcomes))
                .call(signed -> {
                    Uni<Void> answered = Uni.createFrom().voidItem();
                    for (int i : finals) {
                        ProcessorOutcomeV1 outcome = signed.get(i);
                        UUID stepId = PendingStepIds.of(command.commandId(), processor.name(), outcome.category());
                        answered = answered.chain(() -> pending.answered(stepId, outcome));
                    }
                    return answered;
                });
    }

    /**
     * A re-dispatch of a category already answered: open work is answered PENDING again with its expected completion
     * and the evidence of its PENDING answer (the kind's own sentence); finished work, whether answered at once or
     * later, with a copy of its final outcome under this delivery's outcome id.
     */
    private static ProcessorOutcomeV1 again(PendingSteps.Row row, UUID outcomeId, String processor,
            ProcessorCommandV1 command, CategoryCommand category) {
        if (row.open()) {
            Instant expected = row.dueAt().isAfter(row.step().expectedCompletion()) ? row.dueAt()
                    : row.step().expectedCompletion();
            Evidence first = row.pendingEvidence();
            CategoryResult pending = first == null
                    // a step stored before its evidence was kept
                    ? CategoryResult.pending(0, expected, "accepted by the processor, which finishes later: not"
                            + " verified yet")
                    : CategoryResult.pending(first.rowsAffected(), expected, first.verification())
                            .withExchanges(first.exchanges());
            return OutcomeRules.outcome(outcomeId, processor, command, category, pending, Instant.now());
        }
        return row.finalOutcome().againAs(outcomeId);
    }

    private static String summary(List<ProcessorOutcomeV1> outcomes) {
        return outcomes.stream().map(o -> o.category() + "=" + o.status() + "(" + o.evidence().rowsAffected() + ")")
                .collect(Collectors.joining(", "));
    }
}
