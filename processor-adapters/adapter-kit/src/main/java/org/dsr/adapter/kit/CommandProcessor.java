package org.dsr.adapter.kit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import javax.crypto.SecretKey;

import org.jboss.logging.Logger;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.datamap.DataMapRegistry;
import org.dsr.contracts.Topics;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeBatchV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.outbox.OutboxService;

/**
 * Acts on one {@link ProcessorCommandV1}, inside the transaction {@link org.dsr.kit.inbox.IdempotentConsumer} opened
 * (which also holds the inbox record): decrypt the identifiers, resolve the subject's keys, run each named category's
 * handler in {@link DataCategoryHandler#executionOrder()}, and enqueue one signed outcome per category, all of them in
 * one {@link ProcessorOutcomeBatchV1} message, in the outbox.
 * Categories of an asynchronous processor ({@code dsr.adapter.async-categories}) and every category after them are
 * answered PENDING and written to {@link PendingWork} instead. Everything commits together or not at all.
 */
@IfBuildProperty(name = "adapter-kit.command-path", stringValue = "adapter", enableIfMissing = true)
@ApplicationScoped
public class CommandProcessor {

    private static final Logger LOG = Logger.getLogger(CommandProcessor.class);

    private final String processor;
    private final CommandDecryption decryption;
    private final SubjectResolver resolver;
    private final OutboxService outbox;
    private final OutcomeSigner signer;
    private final Map<String, DataCategoryHandler> handlers;

    /** Field-injected, so the constructor stays as other changes expect it. */
    @Inject
    DataMapRegistry dataMap;

    /** Asynchronous categories (field-injected, like {@link #dataMap}). */
    @Inject
    PendingWork pending;

    public CommandProcessor(AdapterConfig config, CommandDecryption decryption, SubjectResolver resolver,
            OutboxService outbox, OutcomeSigner signer, Instance<DataCategoryHandler> handlers) {
        this.processor = config.processor();
        this.decryption = decryption;
        this.resolver = resolver;
        this.outbox = outbox;
        this.signer = signer;
        Map<String, DataCategoryHandler> byName = new HashMap<>();
        for (DataCategoryHandler handler : handlers) {
            if (byName.put(handler.category(), handler) != null) {
                throw new IllegalStateException("two handlers for category " + handler.category());
            }
        }
        this.handlers = Map.copyOf(byName);
    }

    public String processor() {
        return processor;
    }

    /** Every category this adapter knows: Java handlers and the data map's. */
    public Map<String, DataCategoryHandler> handlers() {
        Map<String, DataCategoryHandler> all = new HashMap<>(dataMap.handlers());
        all.putAll(handlers);
        return all;
    }

    /** Must run inside the consumer's transaction. */
    public Uni<Void> handle(EventEnvelope event) {
        ProcessorCommandV1 command;
        try {
            command = read(event);
        } catch (PoisonMessageException e) {
            return Uni.createFrom().failure(e);
        }
        return handle(event, command, Map.of());
    }

    /**
     * A poll's commands, one after the other in the consumer's transaction, with the data keys of all of them fetched
     * in one call first (each still audited by request-service). A command whose key the batch did not return (it was
     * destroyed, or unknown) fetches it alone and so fails as before.
     */
    public Uni<Void> handleAll(List<EventEnvelope> events) {
        List<ProcessorCommandV1> commands = new ArrayList<>();
        try {
            events.forEach(event -> commands.add(read(event)));
        } catch (PoisonMessageException e) {
            return Uni.createFrom().failure(e);
        }
        Uni<Map<String, SecretKey>> prefetched = decryption.prefetch(commands);
        return prefetched.flatMap(keys -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int i = 0; i < events.size(); i++) {
                EventEnvelope event = events.get(i);
                ProcessorCommandV1 command = commands.get(i);
                chain = chain.chain(() -> handle(event, command, keys))
                        // one command's entities leave the session once written: the next one's queries stay cheap
                        .chain(() -> Panache.getSession().chain(session -> session.flush().invoke(session::clear)));
            }
            return chain;
        });
    }

    private Uni<Void> handle(EventEnvelope event, ProcessorCommandV1 command, Map<String, SecretKey> prefetched) {
        long started = System.nanoTime();
        return decryption.identifiers(command, prefetched).flatMap(ids -> resolver.resolve(SubjectMatch.of(ids)))
                .flatMap(subject -> actOnAll(event.id(), command, subject))
                .call(outcomes -> enqueueAll(event.id(), command, outcomes))
                .invoke(outcomes -> LOG.infof("command %s (request %s, attempt %d): %s in %d ms", command.commandId(),
                        command.requestId(), command.attempt(), summary(outcomes),
                        (System.nanoTime() - started) / 1_000_000))
                .replaceWithVoid();
    }

    private ProcessorCommandV1 read(EventEnvelope event) {
        return CommandDecryption.read(event, processor::equals);
    }

    private Uni<List<ProcessorOutcomeV1>> actOnAll(String eventId, ProcessorCommandV1 command, SubjectMatch subject) {
        List<Indexed> ordered = new ArrayList<>();
        for (int i = 0; i < command.categories().size(); i++) {
            ordered.add(new Indexed(i, command.categories().get(i)));
        }
        ordered.sort(Comparator.comparingInt(this::orderOf).thenComparingInt(Indexed::index));
        // From the first asynchronous category on, in execution order, everything waits for the processor
        // (children before parents, so foreign keys hold): answered PENDING, finished by PendingWorkJob.
        int deferFrom = ordered.size();
        for (int i = 0; i < ordered.size(); i++) {
            if (actsOn(ordered.get(i)) && pending.isAsync(ordered.get(i).category().category())) {
                deferFrom = i;
                break;
            }
        }
        int firstDeferred = deferFrom;
        Instant expected = pending.expectedCompletion();
        // One statement at a time on the session: chain, never in parallel.
        return pending.lock(command.commandId()).flatMap(known -> {
            Uni<List<ProcessorOutcomeV1>> chain = Uni.createFrom().item(new ArrayList<>());
            for (int i = 0; i < ordered.size(); i++) {
                Indexed item = ordered.get(i);
                boolean defer = i >= firstDeferred && actsOn(item);
                chain = chain.flatMap(done -> actOnOrDefer(eventId, item, command, subject, known, defer, expected)
                        .map(outcome -> {
                            done.add(outcome);
                            return done;
                        }));
            }
            return chain;
        });
    }

    /**
     * A category already pending or finished for this command (a re-dispatch) is answered from its pending work,
     * never acted on twice; a deferred one is recorded as pending work; any other is acted on now.
     */
    private Uni<ProcessorOutcomeV1> actOnOrDefer(String eventId, Indexed item, ProcessorCommandV1 command,
            SubjectMatch subject, Map<String, PendingWork.Row> known, boolean defer, Instant expected) {
        PendingWork.Row row = known.get(item.category().category());
        if (row != null && !row.actAgain()) {
            return Uni.createFrom().item(pending.answerAgain(row, outcomeId(eventId, item), processor, command,
                    item.category()));
        }
        Uni<Void> forget = row == null ? Uni.createFrom().voidItem() : pending.forget(row);
        if (defer) {
            return forget.chain(() -> pending.defer(eventId, outcomeId(eventId, item), processor, command,
                    item.category(), orderOf(item), subject, expected));
        }
        return forget.chain(() -> actOn(eventId, item, command, subject));
    }

    /** A category the adapter knows, with an action it implements. */
    private boolean actsOn(Indexed item) {
        DataCategoryHandler handler = handler(item.category().category());
        return handler != null && handler.supportedActions().contains(item.category().action());
    }

    /** A Java handler, else the data map's (the map refuses at start a category declared in both). */
    private DataCategoryHandler handler(String category) {
        DataCategoryHandler handler = category == null ? null : handlers.get(category);
        return handler != null || category == null ? handler : dataMap.handler(category);
    }

    private int orderOf(Indexed item) {
        DataCategoryHandler handler = handler(item.category().category());
        return handler == null ? Integer.MAX_VALUE : handler.executionOrder();
    }

    private Uni<ProcessorOutcomeV1> actOn(String eventId, Indexed item, ProcessorCommandV1 command,
            SubjectMatch subject) {
        CategoryCommand category = item.category();
        UUID outcomeId = outcomeId(eventId, item);
        DataCategoryHandler handler = handler(category.category());
        if (handler == null) {
            return Uni.createFrom().item(OutcomeRules.refused(outcomeId, processor, command, category,
                    "unknown category " + OutcomeRules.printable(category.category()), Instant.now()));
        }
        if (!handler.supportedActions().contains(category.action())) {
            return Uni.createFrom().item(OutcomeRules.refused(outcomeId, processor, command, category,
                    "action not supported: " + category.action() + " on " + category.category(), Instant.now()));
        }
        return handler.apply(category, subject, command)
                .map(result -> OutcomeRules.outcome(outcomeId, processor, command, category, result, Instant.now()));
    }

    /** The same event always yields the same outcome ids, so an outcome is never published under two ids. */
    static UUID outcomeId(String eventId, Indexed item) {
        return OutcomeRules.outcomeId(eventId, item.index(), item.category().category());
    }

    /**
     * Every outcome signed alone (the proof embeds each as signed), all of them in one message: one publish and one
     * delivery per consumer for the command instead of one per category.
     */
    private Uni<Void> enqueueAll(String eventId, ProcessorCommandV1 command, List<ProcessorOutcomeV1> outcomes) {
        List<ProcessorOutcomeV1> signed = outcomes.stream().map(signer::sign).toList();
        return outbox.enqueue(Topics.OUTCOMES, command.subject().pseudonym(), ProcessorOutcomeBatchV1.TYPE,
                batchId(eventId), new ProcessorOutcomeBatchV1(command.commandId(), command.requestId(), processor,
                        signed)).replaceWithVoid();
    }

    /** Derived from the command event like the outcome ids: a retried command publishes the same batch id. */
    static UUID batchId(String eventId) {
        return OutcomeRules.batchId(eventId);
    }

    private static String summary(List<ProcessorOutcomeV1> outcomes) {
        return outcomes.stream().map(o -> o.category() + "=" + o.status() + "(" + o.evidence().rowsAffected() + ")")
                .collect(Collectors.joining(", "));
    }

    record Indexed(int index, CategoryCommand category) {
    }
}
