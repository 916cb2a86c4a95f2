package org.dsr.kit.outbox;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.event.EventCodec;
import org.dsr.kit.config.DsrConfig;

/**
 * Records an event in the caller's transaction. Nothing is sent here: the {@link OutboxRelay} publishes the row
 * after commit, so an event exists if and only if the state change that caused it was committed.
 */
@ApplicationScoped
public class OutboxService {

    static final String CHANNEL = "dsr_outbox";

    private final URI source;

    /** Transactions that have already asked for the NOTIFY (one per transaction is enough: it wakes the relay). */
    private final Map<Object, Boolean> notified = Collections.synchronizedMap(new WeakHashMap<>());

    public OutboxService(DsrConfig config) {
        this.source = URI.create("/" + config.instanceId());
    }

    /** Must run inside a transaction ({@code Panache.withTransaction}). */
    public Uni<OutboxEvent> enqueue(String topic, String key, String eventType, UUID eventId, Object data) {
        OutboxEvent event = new OutboxEvent();
        event.id = eventId;
        event.topic = topic;
        event.messageKey = key;
        event.eventType = eventType;
        event.createdAt = Instant.now();
        event.payload = EventCodec.encode(eventId.toString(), eventType, source, key, event.createdAt, data);
        // NOTIFY is delivered at commit, waking the relay without a tight poll; once per transaction is enough (a
        // consumer's batch transaction enqueues hundreds of events).
        return event.<OutboxEvent>persist()
                .call(() -> Panache.getSession().flatMap(session -> {
                    Object transaction = session.currentTransaction();
                    if (transaction != null && notified.put(transaction, Boolean.TRUE) != null) {
                        return Uni.createFrom().voidItem();
                    }
                    return session.createNativeQuery("select pg_notify('" + CHANNEL + "', '')")
                            .getSingleResult()
                            .replaceWithVoid();
                }));
    }
}
