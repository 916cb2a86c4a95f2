package org.dsr.orchestrator.saga;

import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dsr.contracts.event.ReceivedOutcome;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.kit.inbox.IdempotentConsumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Requests start sagas; outcomes move them on. Both through the inbox, so redeliveries change nothing. Each poll is
 * consumed as a batch (one transaction for the batch, one per message if that fails; see IdempotentConsumer).
 */
@ApplicationScoped
public class SagaMessagesConsumer {

    private final IdempotentConsumer consumer;
    private final SagaService sagas;

    public SagaMessagesConsumer(IdempotentConsumer consumer, SagaService sagas) {
        this.consumer = consumer;
        this.sagas = sagas;
    }

    @Incoming("requests")
    public Uni<Void> onRequest(ConsumerRecords<String, String> records) {
        return consumer.consumeGrouped(
                "requests",
                records,
                RequestSubmittedV1.TYPE,
                events -> sagas.startAll(events.stream()
                        .map(event -> event.dataAs(RequestSubmittedV1.class))
                        .toList()));
    }

    @Incoming("outcomes")
    public Uni<Void> onOutcome(ConsumerRecords<String, String> records) {
        // the raw data travels along: the record must embed the outcome exactly as the processor signed it
        return consumer.consumeGrouped(
                "outcomes",
                records,
                ReceivedOutcome.TYPES,
                events -> sagas.recordOutcomes(events.stream()
                        .flatMap(event -> ReceivedOutcome.unpack(event).stream())
                        .toList()));
    }
}
