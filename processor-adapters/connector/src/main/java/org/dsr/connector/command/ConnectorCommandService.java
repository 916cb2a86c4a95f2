package org.dsr.connector.command;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.crypto.SecretKey;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.CommandDecryption;
import org.dsr.adapter.kit.OutcomeRules;
import org.dsr.connector.hosted.HostedProcessor;
import org.dsr.connector.hosted.HostedProcessors;
import org.dsr.connector.kind.CommandContext;
import org.dsr.connector.kind.PendingStepIds;
import org.dsr.connector.kind.StepResult;
import org.dsr.connector.pending.PendingSteps;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.subject.Identifier;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.reactive.InOrder;
import org.jboss.logging.Logger;

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
 * <li>turn each result into an outcome ({@link CommandAnswers}, {@link OutcomeRules}), record PENDING ones for the job and final ones (not
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
    private final Clock clock;

    public ConnectorCommandService(
            HostedProcessors hosted,
            CommandGate gate,
            CommandDecryption decryption,
            AttemptJournals journals,
            PendingSteps pending,
            OutcomePublisher publisher,
            Clock clock) {
        this.hosted = hosted;
        this.gate = gate;
        this.decryption = decryption;
        this.journals = journals;
        this.pending = pending;
        this.publisher = publisher;
        this.clock = clock;
    }

    public Uni<Void> handleAll(List<EventEnvelope> events) {
        List<ProcessorCommandV1> commands = new ArrayList<>();
        try {
            events.forEach(event -> commands.add(gate.read(event)));
        } catch (PoisonMessageException e) {
            return Uni.createFrom().failure(e);
        }
        // every command of the poll checked, replays included, before any key is fetched or anything is done
        List<Integer> positions = IntStream.range(0, events.size()).boxed().toList();
        return gate.admit(commands)
                .chain(() -> decryption.prefetch(commands))
                .flatMap(keys -> InOrder.each(
                        positions,
                        i -> handle(events.get(i).id(), commands.get(i), keys)
                                .chain(() -> Panache.getSession()
                                        .chain(session -> session.flush().invoke(session::clear)))));
    }

    private Uni<Void> handle(String eventId, ProcessorCommandV1 command, Map<String, SecretKey> keys) {
        long started = System.nanoTime();
        HostedProcessor processor = hosted.get(command.processor());
        // the categories this command was already answered for: open, or finished (at once or later); a category
        // answered FAILED at once has no row and is acted on again
        return pending.ofCommand(command.commandId(), processor.name())
                .flatMap(known -> {
                    Map<String, PendingSteps.Row> byCategory = new HashMap<>();
                    known.forEach(row -> byCategory.put(row.step().category(), row));
                    List<CategoryCommand> acting =
                            CommandAnswers.acting(command, processor.connector().categories(), byCategory.keySet());
                    Uni<Map<String, StepResult>> results =
                            acting.isEmpty() ? Uni.createFrom().item(Map.of()) : act(processor, command, acting, keys);
                    int answeredBefore = (int) command.categories().stream()
                            .filter(c -> byCategory.containsKey(c.category()))
                            .count();
                    return results.flatMap(byResult -> answer(eventId, processor, command, byCategory, byResult))
                            .invoke(outcomes -> LOG.infof(
                                    "command %s (request %s, attempt %d) at %s: %s in %d ms%s",
                                    command.commandId(),
                                    command.requestId(),
                                    command.attempt(),
                                    processor.name(),
                                    summary(outcomes),
                                    (System.nanoTime() - started) / 1_000_000,
                                    answeredBefore == 0
                                            ? ""
                                            : " (" + answeredBefore + " answered again from what was done before)"));
                })
                .replaceWithVoid();
    }

    private Uni<Map<String, StepResult>> act(
            HostedProcessor processor,
            ProcessorCommandV1 command,
            List<CategoryCommand> acting,
            Map<String, SecretKey> keys) {
        Uni<List<Identifier>> identifiers = decryption.identifiers(command, acting, keys);
        return identifiers
                .flatMap(ids -> journals.open(command.commandId(), processor.name())
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
     * Writes what {@link CommandAnswers#answer} decided, in the command's transaction: the PENDING steps, the end of
     * the attempt, every outcome signed as one outbox message, and the final ones (not FAILED) remembered with their
     * signed outcome for later re-dispatches.
     */
    private Uni<List<ProcessorOutcomeV1>> answer(
            String eventId,
            HostedProcessor processor,
            ProcessorCommandV1 command,
            Map<String, PendingSteps.Row> known,
            Map<String, StepResult> results) {
        CommandAnswers.Answer answer = CommandAnswers.answer(
                eventId,
                processor.name(),
                command,
                processor.connector().categories(),
                known,
                results,
                clock.instant());
        return InOrder.each(
                        answer.pending(),
                        step -> pending.add(
                                step.stepId(),
                                command,
                                step.category(),
                                step.action(),
                                step.resumeState(),
                                step.expectedCompletion(),
                                step.evidence()))
                .chain(() -> journals.close(command.commandId(), processor.name()))
                .chain(() -> publisher.publish(
                        processor,
                        OutcomeRules.batchId(eventId),
                        command.subject().pseudonym(),
                        command.commandId(),
                        command.requestId(),
                        answer.outcomes()))
                .call(signed -> InOrder.each(
                        answer.finals(),
                        i -> pending.answered(
                                PendingStepIds.of(
                                        command.commandId(),
                                        processor.name(),
                                        signed.get(i).category()),
                                signed.get(i))));
    }

    private static String summary(List<ProcessorOutcomeV1> outcomes) {
        return outcomes.stream()
                .map(o -> o.category() + "=" + o.status() + "(" + o.evidence().rowsAffected() + ")")
                .collect(Collectors.joining(", "));
    }
}
