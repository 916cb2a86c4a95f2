package org.dsr.adapter.kit;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;

import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.kit.inbox.IdempotentConsumer;

/**
 * Consumes {@code dsr.commands.<processor>} (channel {@code commands}, configured by the kit's defaults). A failed
 * Uni nacks the record, which the channel's dead-letter-queue strategy sends to {@code dsr.commands.<processor>.dlq}.
 */
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
    public Uni<Void> consume(String value) {
        return consumer.consume(CHANNEL, value, Map.of(ProcessorCommandV1.TYPE, processor::handle));
    }
}
