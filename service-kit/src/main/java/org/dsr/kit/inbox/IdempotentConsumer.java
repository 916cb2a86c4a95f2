package org.dsr.kit.inbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.EventCodec.InvalidEventException;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.kit.config.DsrConfig;
import org.jboss.logging.Logger;

/**
 * The one way our services consume a Kafka message: decode the CloudEvent, then, in one database transaction,
 * record its id in the inbox and do the work, so a redelivered message changes nothing.
 * <p>
 * A bad message fails with {@link PoisonMessageException} and goes to the channel's dead-letter topic (failure
 * strategy {@code dead-letter-queue}) with its reason; any other failure is retried with exponential backoff and
 * jitter, then dead-lettered as {@link ProcessingFailedException}. Either way the consumer moves on.
 * <p>
 * {@link #consumeBatch} does the same for a whole poll (channel with {@code batch=true}): every message of the batch
 * in ONE transaction, in offset order, with one inbox statement; if that transaction fails, each message is
 * processed again in its own transaction as {@link #consume} does, so one bad message never holds up or poisons its
 * neighbours. Dead letters are then sent per record by {@link DeadLetters}, before the batch is acknowledged.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final InboxService inbox;
    private final DsrConfig.Consumer config;

    private final DeadLetters deadLetters;

    public IdempotentConsumer(InboxService inbox, DsrConfig config, DeadLetters deadLetters) {
        this.inbox = inbox;
        this.config = config.consumer();
        this.deadLetters = deadLetters;
    }

    /**
     * Consumes one poll's records (offset order within each partition, so per-key order holds). The returned Uni
     * completes once every record is processed, skipped as a duplicate, or dead-lettered with Kafka's
     * acknowledgement; it does not fail, so the batch can be acknowledged when it completes. A crash before that
     * redelivers the batch, and the inbox makes the records already committed change nothing.
     *
     * @param consumer the inbox namespace and the channel name (which names the dead-letter topic)
     */
    public Uni<Void> consumeBatch(
            String consumer,
            Iterable<ConsumerRecord<String, String>> records,
            Map<String, Function<EventEnvelope, Uni<Void>>> handlers) {
        return consumeBatch(consumer, records, handlers, event -> {});
    }

    /**
     * Like {@link #consumeBatch(String, Iterable, Map)}, with a check of each event before the batch's transaction:
     * an event it refuses with {@link PoisonMessageException} is dead-lettered without entering the transaction, so a
     * flood of malformed events does not make every batch fall back to one message at a time. The handler still sees
     * only events that passed (and may check again: the one-by-one path does not run the precheck).
     */
    public Uni<Void> consumeBatch(
            String consumer,
            Iterable<ConsumerRecord<String, String>> records,
            Map<String, Function<EventEnvelope, Uni<Void>>> handlers,
            Consumer<EventEnvelope> precheck) {
        return consumeBatch(
                consumer,
                records,
                handlers,
                precheck,
                todo -> Multi.createFrom()
                        .iterable(todo)
                        .onItem()
                        .transformToUniAndConcatenate(d -> handle(d.handler(), d.event())
                                // one message's entities leave the session once written: later queries stay cheap
                                .chain(IdempotentConsumer::flushAndClear))
                        .collect()
                        .last()
                        .replaceWithVoid());
    }

    /**
     * Like {@link #consumeBatch(String, Iterable, Map)} for a channel of one event type, but the handler gets every
     * first delivery of the poll at once (offset order), so it can share the work between messages about the same
     * thing, e.g. lock a saga once for all outcomes of a command. If the batch fails, each message is handled again
     * alone, as a list of one, in its own transaction with retries.
     */
    public Uni<Void> consumeGrouped(
            String consumer,
            Iterable<ConsumerRecord<String, String>> records,
            String type,
            Function<List<EventEnvelope>, Uni<Void>> handler) {
        return consumeGrouped(consumer, records, Set.of(type), handler);
    }

    /** Like {@link #consumeGrouped(String, Iterable, String, Function)} for a channel of several event types. */
    public Uni<Void> consumeGrouped(
            String consumer,
            Iterable<ConsumerRecord<String, String>> records,
            Set<String> types,
            Function<List<EventEnvelope>, Uni<Void>> handler) {
        return consumeGrouped(consumer, records, types, event -> {}, handler);
    }

    /**
     * Like {@link #consumeGrouped(String, Iterable, Set, Function)}, with the precheck of
     * {@link #consumeBatch(String, Iterable, Map, Consumer)}: events it refuses are dead-lettered before the group's
     * transaction and never reach the handler.
     */
    public Uni<Void> consumeGrouped(
            String consumer,
            Iterable<ConsumerRecord<String, String>> records,
            Set<String> types,
            Consumer<EventEnvelope> precheck,
            Function<List<EventEnvelope>, Uni<Void>> handler) {
        Function<EventEnvelope, Uni<Void>> alone = event -> handler.apply(List.of(event));
        Map<String, Function<EventEnvelope, Uni<Void>>> handlers = new HashMap<>();
        types.forEach(type -> handlers.put(type, alone));
        return consumeBatch(
                consumer,
                records,
                handlers,
                precheck,
                todo -> handleAll(handler, todo.stream().map(Decoded::event).toList())
                        .chain(IdempotentConsumer::flushAndClear));
    }

    private Uni<Void> consumeBatch(
            String consumer,
            Iterable<ConsumerRecord<String, String>> records,
            Map<String, Function<EventEnvelope, Uni<Void>>> handlers,
            Consumer<EventEnvelope> precheck,
            Function<List<Decoded>, Uni<Void>> work) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        List<Decoded> valid = new ArrayList<>();
        List<Poison> unreadable = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            all.add(record);
            Object decoded = decode(record.value(), handlers, precheck);
            if (decoded instanceof Decoded d) {
                valid.add(d);
            } else {
                unreadable.add(new Poison(record, (PoisonMessageException) decoded));
            }
        }
        if (all.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> together = valid.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom()
                        .deferred(() -> Panache.withTransaction(() -> processTogether(consumer, valid, work)));
        return together
                // all of a poll's dead letters in flight at once (one producer keeps their order per partition): a
                // flood of malformed events costs one round of acknowledgements per poll, not one per event
                .onItem()
                .transformToUni(ok -> Multi.createFrom()
                        .iterable(unreadable)
                        .onItem()
                        .transformToUniAndMerge(p -> {
                            LOG.warnf(
                                    "%s: message dead-lettered: %s",
                                    consumer, p.reason().getMessage());
                            return deadLetter(consumer, p.record(), p.reason());
                        })
                        .collect()
                        .last()
                        .replaceWithVoid())
                .onFailure()
                .recoverWithUni(failure -> {
                    LOG.infof(
                            "%s: batch of %d failed together (%s); processing its messages one by one",
                            consumer,
                            all.size(),
                            failure instanceof PoisonMessageException
                                    ? failure.getMessage()
                                    : failure.getClass().getName());
                    return Multi.createFrom()
                            .iterable(all)
                            .onItem()
                            .transformToUniAndConcatenate(record -> consumeOne(consumer, record, handlers))
                            .collect()
                            .last()
                            .replaceWithVoid();
                });
    }

    /** One inbox statement for the batch, then the work on the first deliveries in offset order, one session. */
    private Uni<Void> processTogether(String consumer, List<Decoded> valid, Function<List<Decoded>, Uni<Void>> work) {
        return inbox.firstDeliveries(
                        consumer, valid.stream().map(d -> d.event().id()).toList())
                .flatMap(fresh -> {
                    Set<String> done = new HashSet<>();
                    List<Decoded> todo = valid.stream()
                            .filter(d -> fresh.contains(d.event().id())
                                    && done.add(d.event().id()))
                            .toList();
                    return todo.isEmpty() ? Uni.createFrom().voidItem() : work.apply(todo);
                });
    }

    private static Uni<Void> flushAndClear() {
        return Panache.getSession().chain(session -> session.flush().invoke(session::clear));
    }

    /** The single-message path of a batch: its own transaction and retries; a final failure is dead-lettered. */
    private Uni<Void> consumeOne(
            String consumer,
            ConsumerRecord<String, String> record,
            Map<String, Function<EventEnvelope, Uni<Void>>> handlers) {
        return consume(consumer, record.value(), handlers)
                .onFailure()
                .recoverWithUni(failure -> deadLetter(consumer, record, failure));
    }

    private Uni<Void> deadLetter(String consumer, ConsumerRecord<String, String> record, Throwable failure) {
        return deadLetters.send(consumer, record, failure);
    }

    /** A {@link Decoded} or the {@link PoisonMessageException} saying why the value is unreadable. */
    private static Object decode(
            String value, Map<String, Function<EventEnvelope, Uni<Void>>> handlers, Consumer<EventEnvelope> precheck) {
        EventEnvelope event;
        try {
            event = EventCodec.decode(value);
        } catch (InvalidEventException e) {
            return new PoisonMessageException(e.getMessage());
        }
        Function<EventEnvelope, Uni<Void>> handler = handlers.get(event.type());
        if (handler == null) {
            return new PoisonMessageException("unknown event type " + safe(event.type()));
        }
        try {
            precheck.accept(event);
        } catch (PoisonMessageException e) {
            return e;
        } catch (InvalidEventException e) {
            return new PoisonMessageException(e.getMessage());
        }
        return new Decoded(event, handler);
    }

    private record Decoded(EventEnvelope event, Function<EventEnvelope, Uni<Void>> handler) {}

    private record Poison(ConsumerRecord<String, String> record, PoisonMessageException reason) {}

    /**
     * @param consumer the inbox namespace, usually the channel name
     * @param handlers the work per CloudEvent type; an unknown type is poison
     */
    public Uni<Void> consume(String consumer, String value, Map<String, Function<EventEnvelope, Uni<Void>>> handlers) {
        EventEnvelope event;
        try {
            event = EventCodec.decode(value);
        } catch (InvalidEventException e) {
            return poison(consumer, e.getMessage());
        }
        Function<EventEnvelope, Uni<Void>> handler = handlers.get(event.type());
        if (handler == null) {
            return poison(consumer, "unknown event type " + safe(event.type()));
        }
        long patienceEnds = System.nanoTime() + config.outagePatience().toNanos();
        return Uni.createFrom()
                .deferred(() -> Panache.withTransaction(() -> inbox.firstDelivery(consumer, event.id())
                        .flatMap(first -> first
                                ? handle(handler, event)
                                : Uni.createFrom().voidItem())))
                // a dependency that is down: wait it out without spending the message's attempts, but only for the
                // patience from now, however often the retries below start this again
                .onFailure(
                        failure -> DependencyUnavailableException.isOutage(failure) && System.nanoTime() < patienceEnds)
                .retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff())
                .indefinitely()
                .onFailure(failure -> !(failure instanceof PoisonMessageException))
                .retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff())
                .withJitter(0.5)
                .atMost(config.maxAttempts() - 1L)
                .onFailure(failure -> !(failure instanceof PoisonMessageException))
                .transform(failure -> new ProcessingFailedException(config.maxAttempts(), failure))
                .onFailure()
                .invoke(failure -> LOG.warnf(
                        "%s: event %s of type %s dead-lettered: %s",
                        consumer, event.id(), event.type(), failure.getMessage()));
    }

    private static Uni<Void> handle(Function<EventEnvelope, Uni<Void>> handler, EventEnvelope event) {
        return handleAll(events -> handler.apply(events.get(0)), List.of(event));
    }

    /** Runs the handler; invalid event content, thrown or failed with, is poison. */
    private static Uni<Void> handleAll(Function<List<EventEnvelope>, Uni<Void>> handler, List<EventEnvelope> events) {
        try {
            return handler.apply(events)
                    .onFailure(InvalidEventException.class)
                    .transform(e -> new PoisonMessageException(e.getMessage()));
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(new PoisonMessageException(e.getMessage()));
        }
    }

    private static Uni<Void> poison(String consumer, String reason) {
        LOG.warnf("%s: message dead-lettered: %s", consumer, reason);
        return Uni.createFrom().failure(new PoisonMessageException(reason));
    }

    /** Event types are ours to print only when they look like one: never echo arbitrary input. */
    private static String safe(String type) {
        return type != null && type.matches("[a-zA-Z0-9.\\-]{1,100}") ? type : "(unprintable)";
    }
}
