package org.dsr.kit.inbox;

import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.EventCodec.InvalidEventException;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.kit.config.DsrConfig;

/**
 * The one way our services consume a Kafka message: decode the CloudEvent, then, in one database transaction,
 * record its id in the inbox and do the work, so a redelivered message changes nothing.
 * <p>
 * A bad message fails with {@link PoisonMessageException} and goes to the channel's dead-letter topic (failure
 * strategy {@code dead-letter-queue}) with its reason; any other failure is retried with exponential backoff and
 * jitter, then dead-lettered as {@link ProcessingFailedException}. Either way the consumer moves on.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final InboxService inbox;
    private final DsrConfig.Consumer config;

    public IdempotentConsumer(InboxService inbox, DsrConfig config) {
        this.inbox = inbox;
        this.config = config.consumer();
    }

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
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> inbox.firstDelivery(consumer, event.id())
                .flatMap(first -> first ? handle(handler, event) : Uni.createFrom().voidItem())))
                .onFailure(failure -> !(failure instanceof PoisonMessageException))
                .retry().withBackOff(config.initialBackoff(), config.maxBackoff()).withJitter(0.5)
                .atMost(config.maxAttempts() - 1L)
                .onFailure(failure -> !(failure instanceof PoisonMessageException))
                .transform(failure -> new ProcessingFailedException(config.maxAttempts(), failure))
                .onFailure().invoke(failure -> LOG.warnf("%s: event %s of type %s dead-lettered: %s", consumer,
                        event.id(), event.type(), failure.getMessage()));
    }

    private static Uni<Void> handle(Function<EventEnvelope, Uni<Void>> handler, EventEnvelope event) {
        try {
            return handler.apply(event)
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
