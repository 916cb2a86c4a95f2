package org.dsr.connector.command;

import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.kit.inbox.IdempotentConsumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes every hosted processor's {@code dsr.commands.<processor>} (channel {@code commands}, its topics from the
 * connectors file) a poll at a time: one transaction per poll, one per message if that fails; a message that cannot
 * be processed goes to its topic's {@code .dlq} with the reason before the poll is acknowledged.
 */
@ApplicationScoped
public class ConnectorCommandConsumer {

    static final String CHANNEL = "commands";

    private final IdempotentConsumer consumer;
    private final CommandGate gate;
    private final ConnectorCommandService service;

    public ConnectorCommandConsumer(IdempotentConsumer consumer, CommandGate gate, ConnectorCommandService service) {
        this.consumer = consumer;
        this.gate = gate;
        this.service = service;
    }

    /**
     * An unsigned, forged, foreign or stale command is dead-lettered by the precheck, before the poll's transaction, so
     * a flood of them does not make every poll fall back to one message at a time; the handler checks again (the
     * one-by-one path runs no precheck), replays included.
     */
    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return consumer.consumeGrouped(
                CHANNEL, records, Set.of(ProcessorCommandV1.TYPE), gate::read, service::handleAll);
    }
}
