package org.dsr.connector.command;

import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.Uni;
import org.dsr.connector.hosted.HostedProcessor;
import org.dsr.contracts.Topics;
import org.dsr.contracts.event.ProcessorOutcomeBatchV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.kit.outbox.OutboxService;

/** Signs outcomes with their processor's key and writes them as one message to the outbox (caller's transaction). */
@ApplicationScoped
public class OutcomePublisher {

    private final OutboxService outbox;

    public OutcomePublisher(OutboxService outbox) {
        this.outbox = outbox;
    }

    public Uni<List<ProcessorOutcomeV1>> publish(
            HostedProcessor processor,
            UUID messageId,
            String messageKey,
            UUID commandId,
            UUID requestId,
            List<ProcessorOutcomeV1> outcomes) {
        List<ProcessorOutcomeV1> signed = outcomes.stream().map(processor::sign).toList();
        return outbox.enqueue(
                        Topics.OUTCOMES,
                        messageKey,
                        ProcessorOutcomeBatchV1.TYPE,
                        messageId,
                        new ProcessorOutcomeBatchV1(commandId, requestId, processor.name(), signed))
                .replaceWith(signed);
    }
}
