package org.dsr.request.status;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.dsr.kit.inbox.IdempotentConsumer;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.request.domain.RequestRepository;

/**
 * Keeps the per-processor/category read model from {@code dsr.outcomes}. The newest outcome of a category wins;
 * the first outcome moves a request from RECEIVED to IN_PROGRESS. Outcomes for requests this service does not
 * know (another environment, a test) are recorded in the inbox and otherwise ignored.
 */
@ApplicationScoped
public class OutcomeConsumer {

    static final String CHANNEL = "outcomes";
    private static final Logger LOG = Logger.getLogger(OutcomeConsumer.class);

    private final IdempotentConsumer consumer;
    private final RequestRepository requests;
    private final RequestOutcomeRepository outcomes;

    public OutcomeConsumer(IdempotentConsumer consumer, RequestRepository requests,
            RequestOutcomeRepository outcomes) {
        this.consumer = consumer;
        this.requests = requests;
        this.outcomes = outcomes;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onOutcome(ConsumerRecords<String, String> records) {
        return consumer.consumeBatch(CHANNEL, records, Map.of(ProcessorOutcomeV1.TYPE, this::apply));
    }

    Uni<Void> apply(EventEnvelope event) {
        ProcessorOutcomeV1 outcome = decode(event);
        return requests.findById(outcome.requestId()).flatMap(request -> {
            if (request == null) {
                LOG.warnf("%s: outcome %s names unknown request %s; ignored", CHANNEL, outcome.outcomeId(),
                        outcome.requestId());
                return Uni.createFrom().voidItem();
            }
            Instant now = Instant.now();
            return outcomes.findById(new RequestOutcome.Key(outcome.requestId(), outcome.processor(),
                    outcome.category()))
                    .flatMap(existing -> upsert(existing, outcome, now))
                    .call(() -> requests.markInProgress(outcome.requestId(), now))
                    .replaceWithVoid();
        });
    }

    private Uni<Void> upsert(RequestOutcome existing, ProcessorOutcomeV1 outcome, Instant now) {
        if (existing != null && (outcome.outcomeId().equals(existing.outcomeId) || olderThan(outcome, existing))) {
            LOG.debugf("%s: outcome %s is not newer than %s; kept the stored one", CHANNEL, outcome.outcomeId(),
                    existing.outcomeId);
            return Uni.createFrom().voidItem();
        }
        RequestOutcome row = existing != null ? existing : new RequestOutcome();
        row.requestId = outcome.requestId();
        row.processor = outcome.processor();
        row.category = outcome.category();
        row.outcomeId = outcome.outcomeId();
        row.commandId = outcome.commandId();
        row.action = outcome.action();
        row.status = outcome.status();
        row.rowsAffected = outcome.evidence() == null ? null : outcome.evidence().rowsAffected();
        row.remainingMatches = outcome.evidence() == null ? null : outcome.evidence().remainingMatches();
        row.verification = outcome.evidence() == null ? null : outcome.evidence().verification();
        row.legalBasis = outcome.retention() == null ? null : outcome.retention().legalBasis();
        row.retainUntil = outcome.retention() == null ? null : outcome.retention().retainUntil();
        row.retentionHandles = outcome.retention() == null || outcome.retention().handles() == null ? null
                : Json.write(outcome.retention().handles());
        row.expectedCompletion = outcome.expectedCompletion();
        row.failureRetryable = outcome.failure() == null ? null : outcome.failure().retryable();
        row.failureReason = outcome.failure() == null ? null : outcome.failure().reason();
        row.outcomeCompletedAt = outcome.completedAt();
        row.signed = outcome.signature() != null;
        row.updatedAt = now;
        return existing != null ? Uni.createFrom().voidItem() : outcomes.persist(row).replaceWithVoid();
    }

    private static boolean olderThan(ProcessorOutcomeV1 outcome, RequestOutcome existing) {
        return outcome.completedAt() != null && existing.outcomeCompletedAt != null
                && outcome.completedAt().isBefore(existing.outcomeCompletedAt);
    }

    private static ProcessorOutcomeV1 decode(EventEnvelope event) {
        ProcessorOutcomeV1 outcome;
        try {
            outcome = event.dataAs(ProcessorOutcomeV1.class);
        } catch (IllegalArgumentException | EventCodec.InvalidEventException e) {
            throw new PoisonMessageException("data is not a valid " + ProcessorOutcomeV1.TYPE);
        }
        if (outcome.outcomeId() == null || outcome.requestId() == null || blank(outcome.processor())
                || blank(outcome.category()) || outcome.action() == null || outcome.status() == null) {
            throw new PoisonMessageException(ProcessorOutcomeV1.TYPE
                    + " lacks one of outcomeId, requestId, processor, category, action, status");
        }
        return outcome;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
