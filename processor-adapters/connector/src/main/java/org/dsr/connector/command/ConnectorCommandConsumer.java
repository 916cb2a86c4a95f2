package org.dsr.connector.command;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;

import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.kit.inbox.IdempotentConsumer;

/**
 * Consumes every hosted processor's {@code dsr.commands.<processor>} (channel {@code commands}, its topics from the
 * connectors file) a poll at a time: one transaction per poll, one per message if that fails; a message that cannot
 * be processed goes to its topic's {@code .dlq} with the reason before the poll is acknowledged.
 */
@ApplicationScoped
public class ConnectorCommandConsumer {

    static final String CHANNEL = "commands";

    private final IdempotentConsumer consumer;
    private final ConnectorCommandService service;

    public ConnectorCommandConsumer(IdempotentConsumer consumer, ConnectorCommandService service) {
        this.consumer = consumer;
        this.service = service;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return consumer.consumeGrouped(CHANNEL, records, ProcessorCommandV1.TYPE, service::handleAll);
    }
}
