package org.dsr.orchestrator.saga;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;

import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.kit.inbox.IdempotentConsumer;

/** Requests start sagas; outcomes move them on. Both through the inbox, so redeliveries change nothing. */
@ApplicationScoped
public class SagaMessagesConsumer {

    private final IdempotentConsumer consumer;
    private final SagaService sagas;

    public SagaMessagesConsumer(IdempotentConsumer consumer, SagaService sagas) {
        this.consumer = consumer;
        this.sagas = sagas;
    }

    @Incoming("requests")
    public Uni<Void> onRequest(String value) {
        return consumer.consume("requests", value,
                Map.of(RequestSubmittedV1.TYPE, event -> sagas.start(event.dataAs(RequestSubmittedV1.class))));
    }

    @Incoming("outcomes")
    public Uni<Void> onOutcome(String value) {
        return consumer.consume("outcomes", value,
                // the raw data travels along: the record must embed the outcome exactly as the processor signed it
                Map.of(ProcessorOutcomeV1.TYPE, event -> sagas.recordOutcome(event.dataAs(ProcessorOutcomeV1.class),
                        event.data().toString())));
    }
}
