package org.dsr.adapter.kit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;

import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.kit.inbox.IdempotentConsumer;

/**
 * Consumes {@code dsr.commands.<processor>} (channel {@code commands}, configured by the kit's defaults) a poll at a
 * time: one transaction per batch, one per message if that fails; a message that cannot be processed is sent to
 * {@code dsr.commands.<processor>.dlq} with its reason before the batch is acknowledged (IdempotentConsumer).
 */
@IfBuildProperty(name = "adapter-kit.command-path", stringValue = "adapter", enableIfMissing = true)
@ApplicationScoped
public class CommandConsumer {

    static final String CHANNEL = "commands";

    private final IdempotentConsumer consumer;
    private final CommandProcessor processor;

    public CommandConsumer(IdempotentConsumer consumer, CommandProcessor processor) {
        this.consumer = consumer;
        this.processor = processor;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return consumer.consumeGrouped(CHANNEL, records, ProcessorCommandV1.TYPE, processor::handleAll);
    }
}
