package org.dsr.request.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.ReceivedOutcome;
import org.dsr.contracts.json.Json;
import org.dsr.kit.inbox.IdempotentConsumer;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.request.domain.RequestRepository;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the per-processor/category read model from {@code dsr.outcomes}. The newest outcome of a category wins;
 * the first outcome moves a request from RECEIVED to IN_PROGRESS. Outcomes for requests this service does not
 * know (another environment, a test) are recorded in the inbox and otherwise ignored.
 * <p>
 * Only an outcome signed with the key pinned for its processor ({@code dsr.trust.keys.<processor>}) is taken, so
 * every stored outcome is {@link RequestOutcome#signed}. An unsigned one, one with a key that is not pinned, with
 * another processor's key, or whose signature does not verify is dead-lettered with the reason, as the orchestrator
 * does: it never enters a completion record either. A batch message is taken or refused whole.
 */
@ApplicationScoped
public class OutcomeConsumer {

    static final String CHANNEL = "outcomes";
    private static final Logger LOG = Logger.getLogger(OutcomeConsumer.class);

    private final IdempotentConsumer consumer;
    private final RequestRepository requests;
    private final RequestOutcomeRepository outcomes;

    private final WireSignatures signatures;
    private final Clock clock;

    public OutcomeConsumer(
            IdempotentConsumer consumer,
            RequestRepository requests,
            RequestOutcomeRepository outcomes,
            WireSignatures signatures,
            Clock clock) {
        this.consumer = consumer;
        this.requests = requests;
        this.outcomes = outcomes;
        this.signatures = signatures;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onOutcome(ConsumerRecords<String, String> records) {
        // checked before the poll's transaction too: a forged outcome is dead-lettered alone instead of making the
        // whole poll fall back to one transaction per message
        return consumer.consumeGrouped(CHANNEL, records, ReceivedOutcome.TYPES, this::decode, this::apply);
    }

    /** A poll's outcomes with one read of their requests, one of their stored outcomes and one status update. */
    Uni<Void> apply(List<EventEnvelope> events) {
        List<ProcessorOutcomeV1> received;
        try {
            // again here: a poll that failed together is handled message by message without the precheck
            received = events.stream().flatMap(event -> decode(event).stream()).toList();
        } catch (PoisonMessageException e) {
            return Uni.createFrom().failure(e);
        }
        Set<UUID> ids = new LinkedHashSet<>();
        received.forEach(outcome -> ids.add(outcome.requestId()));
        return requests.list("id in ?1", ids).flatMap(found -> {
            Set<UUID> known = new HashSet<>();
            found.forEach(request -> known.add(request.id));
            if (known.isEmpty()) {
                received.forEach(OutcomeConsumer::ignored);
                return Uni.createFrom().voidItem();
            }
            return outcomes.list("requestId in ?1", known).flatMap(stored -> {
                Map<String, RequestOutcome> byKey = new HashMap<>();
                stored.forEach(row -> byKey.put(key(row.requestId, row.processor, row.category), row));
                List<RequestOutcome> fresh = new ArrayList<>();
                Instant now = clock.instant();
                for (ProcessorOutcomeV1 outcome : received) {
                    if (!known.contains(outcome.requestId())) {
                        ignored(outcome);
                        continue;
                    }
                    String key = key(outcome.requestId(), outcome.processor(), outcome.category());
                    RequestOutcome existing = byKey.get(key);
                    RequestOutcome row = upsert(existing, outcome, now);
                    if (existing == null && row != null) {
                        byKey.put(key, row);
                        fresh.add(row);
                    }
                }
                Uni<Void> insert = fresh.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : Panache.getSession().chain(session -> session.persistAll(fresh.toArray()));
                return insert.chain(() -> requests.markInProgress(known, now)).replaceWithVoid();
            });
        });
    }

    private static void ignored(ProcessorOutcomeV1 outcome) {
        LOG.warnf(
                "%s: outcome %s names unknown request %s; ignored", CHANNEL, outcome.outcomeId(), outcome.requestId());
    }

    private static String key(UUID requestId, String processor, String category) {
        return requestId + "|" + processor + "|" + category;
    }

    /** @return the row to insert or the updated stored one; null when the stored one is newer or the same */
    private static RequestOutcome upsert(RequestOutcome existing, ProcessorOutcomeV1 outcome, Instant now) {
        if (existing != null && (outcome.outcomeId().equals(existing.outcomeId) || olderThan(outcome, existing))) {
            LOG.debugf(
                    "%s: outcome %s is not newer than %s; kept the stored one",
                    CHANNEL, outcome.outcomeId(), existing.outcomeId);
            return null;
        }
        RequestOutcome row = existing != null ? existing : new RequestOutcome();
        row.requestId = outcome.requestId();
        row.processor = outcome.processor();
        row.category = outcome.category();
        row.outcomeId = outcome.outcomeId();
        row.commandId = outcome.commandId();
        row.action = outcome.action();
        row.status = outcome.status();
        row.rowsAffected =
                outcome.evidence() == null ? null : outcome.evidence().rowsAffected();
        row.remainingMatches =
                outcome.evidence() == null ? null : outcome.evidence().remainingMatches();
        row.verification =
                outcome.evidence() == null ? null : outcome.evidence().verification();
        row.legalBasis =
                outcome.retention() == null ? null : outcome.retention().legalBasis();
        row.retainUntil =
                outcome.retention() == null ? null : outcome.retention().retainUntil();
        row.retentionHandles =
                outcome.retention() == null || outcome.retention().handles() == null
                        ? null
                        : Json.write(outcome.retention().handles());
        row.expectedCompletion = outcome.expectedCompletion();
        row.failureRetryable =
                outcome.failure() == null ? null : outcome.failure().retryable();
        row.failureReason = outcome.failure() == null ? null : outcome.failure().reason();
        row.outcomeCompletedAt = outcome.completedAt();
        row.signed = true; // verified with the processor's pinned key (decode), or it would not be here
        row.updatedAt = now;
        return row;
    }

    private static boolean olderThan(ProcessorOutcomeV1 outcome, RequestOutcome existing) {
        return outcome.completedAt() != null
                && existing.outcomeCompletedAt != null
                && outcome.completedAt().isBefore(existing.outcomeCompletedAt);
    }

    /** @throws PoisonMessageException when an outcome is malformed or not signed by its processor's pinned key */
    List<ProcessorOutcomeV1> decode(EventEnvelope event) {
        List<ReceivedOutcome> unpacked;
        try {
            unpacked = ReceivedOutcome.unpack(event);
        } catch (EventCodec.InvalidEventException e) {
            throw new PoisonMessageException(e.getMessage());
        }
        List<ProcessorOutcomeV1> outcomes = new ArrayList<>(unpacked.size());
        for (ReceivedOutcome r : unpacked) {
            ProcessorOutcomeV1 outcome = r.outcome();
            if (outcome.outcomeId() == null
                    || outcome.requestId() == null
                    || blank(outcome.processor())
                    || blank(outcome.category())
                    || outcome.action() == null
                    || outcome.status() == null) {
                throw new PoisonMessageException(ProcessorOutcomeV1.TYPE
                        + " lacks one of outcomeId, requestId, processor, category, action, status");
            }
            signatures.requireSignedByProcessor(r);
            outcomes.add(outcome);
        }
        return outcomes;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
