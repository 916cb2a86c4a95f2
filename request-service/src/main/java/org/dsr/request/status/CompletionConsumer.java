package org.dsr.request.status;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.json.Json;
import org.dsr.kit.inbox.IdempotentConsumer;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.request.domain.DataSubjectRequest;
import org.dsr.request.domain.RequestRepository;
import org.dsr.request.domain.RequestStatus;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores completion records from {@code dsr.completions} (one per request and version) and sets the request's status
 * from the newest version, but only a record that checks out: signed by the orchestrator's pinned key over the data
 * exactly as it travelled ({@link WireSignatures}), at a place in the orchestrator's hash chain that agrees with the
 * records stored here ({@link ChainPosition}), for a request that the orchestrator can have received
 * ({@link #implausible}). Anything else is dead-lettered with the reason, and nothing is stored or changed: the
 * record is a proof, and an operator must see one that does not hold.
 * <p>
 * The shredding clock starts when this service accepted the record (or at its completedAt if that is later), never
 * at an older completedAt the message states.
 */
@ApplicationScoped
public class CompletionConsumer {

    static final String CHANNEL = "completions";
    private static final Logger LOG = Logger.getLogger(CompletionConsumer.class);

    private final IdempotentConsumer consumer;
    private final RequestRepository requests;
    private final CompletionRecordRepository records;
    private final WireSignatures signatures;
    private final Clock clock;

    public CompletionConsumer(
            IdempotentConsumer consumer,
            RequestRepository requests,
            CompletionRecordRepository records,
            WireSignatures signatures,
            Clock clock) {
        this.consumer = consumer;
        this.requests = requests;
        this.records = records;
        this.signatures = signatures;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onCompletion(ConsumerRecords<String, String> records) {
        // the checks that need no database run before the batch's transaction too, so a forged record is
        // dead-lettered without making its neighbours fall back to one transaction each
        return consumer.consumeBatch(CHANNEL, records, Map.of(CompletionRecordV1.TYPE, this::apply), this::verified);
    }

    /** A record decoded, its signature verified and its chain fields well-formed, with its chain hash. */
    record Verified(CompletionRecordV1 record, RequestStatus status, String raw, ChainPosition.Link link) {}

    /** @throws PoisonMessageException when the record is malformed, not the orchestrator's, or off any chain */
    Verified verified(EventEnvelope event) {
        CompletionRecordV1 record = decode(event);
        signatures.requireSignedByOrchestrator(event.data(), record.recordId());
        RequestStatus status = statusOf(record);
        // the data exactly as it came (field order and values kept), so canonical form and signature verify
        String raw = event.data().toString();
        ChainPosition.Link link = new ChainPosition.Link(
                record.recordId(),
                record.sequence(),
                record.previousRecordHash(),
                SignedJson.chainHashOfCanonical(CanonicalJson.canonicalize(raw)));
        ChainPosition.malformed(link).ifPresent(reason -> {
            throw new PoisonMessageException(reason);
        });
        return new Verified(record, status, raw, link);
    }

    Uni<Void> apply(EventEnvelope event) {
        Verified verified = verified(event);
        CompletionRecordV1 record = verified.record();
        return requests.findById(record.requestId()).flatMap(request -> {
            if (request == null) {
                return poison(
                        "completion record " + record.recordId() + " names unknown request " + record.requestId());
            }
            Optional<String> implausible = implausible(request, record);
            if (implausible.isPresent()) {
                return poison(implausible.get());
            }
            return records.neighbours(record.recordId(), record.sequence()).flatMap(stored -> {
                ChainPosition.Verdict verdict = ChainPosition.check(
                        verified.link(),
                        find(stored, row -> row.recordId.equals(record.recordId())),
                        find(stored, row -> row.sequence == record.sequence()),
                        find(stored, row -> row.sequence == record.sequence() - 1),
                        find(stored, row -> row.sequence == record.sequence() + 1));
                return switch (verdict.kind()) {
                    case DUPLICATE -> {
                        LOG.infof(
                                "%s: record %s of request %s already stored; ignored",
                                CHANNEL, record.recordId(), record.requestId());
                        yield Uni.createFrom().voidItem();
                    }
                    case REFUSE -> poison(verdict.reason());
                    case ACCEPT ->
                        records.exists(record.requestId(), record.version())
                                .flatMap(known -> known
                                        ? poison("completion record " + record.recordId()
                                                + " conflicts with the stored record" + " of version "
                                                + record.version() + " of request " + record.requestId())
                                        : store(verified));
                };
            });
        });
    }

    private Uni<Void> store(Verified verified) {
        CompletionRecordV1 record = verified.record();
        Instant now = clock.instant();
        Instant acceptedAt =
                record.completedAt() != null && record.completedAt().isAfter(now) ? record.completedAt() : now;
        CompletionRecord row = new CompletionRecord();
        row.recordId = record.recordId();
        row.requestId = record.requestId();
        row.version = record.version();
        row.sequence = record.sequence();
        row.status = record.status();
        row.completedAt = record.completedAt();
        row.data = verified.raw();
        row.receivedAt = now;
        return records.persist(row)
                .call(() -> requests.complete(
                        record.requestId(), verified.status(), record.completedAt(), record.version(), acceptedAt))
                .invoke(() -> LOG.infof(
                        "%s: request %s %s (record %s, #%d, version %d, signature and chain verified)",
                        CHANNEL,
                        record.requestId(),
                        verified.status(),
                        record.recordId(),
                        record.sequence(),
                        record.version()))
                .replaceWithVoid();
    }

    /**
     * A record for a request the orchestrator cannot have received is refused however well it is signed: a request
     * still waiting for identity verification, or cancelled before it, was never published to the orchestrator; and
     * a record must be about this request's type and subject.
     */
    static Optional<String> implausible(DataSubjectRequest request, CompletionRecordV1 record) {
        String name = "completion record " + record.recordId();
        if (request.status == RequestStatus.PENDING_VERIFICATION || request.status == RequestStatus.CANCELLED) {
            return Optional.of(name + " is for request " + request.id + ", which is " + request.status
                    + " and was never sent to the orchestrator");
        }
        if (record.requestType() != null && record.requestType() != request.type) {
            return Optional.of(name + " states request type " + record.requestType() + ", but request " + request.id
                    + " is " + request.type);
        }
        if (record.subjectPseudonym() != null && !record.subjectPseudonym().equals(request.subjectPseudonym)) {
            return Optional.of(name + " names another subject than request " + request.id);
        }
        return Optional.empty();
    }

    private static Optional<ChainPosition.Link> find(List<CompletionRecord> stored, Predicate<CompletionRecord> which) {
        return stored.stream().filter(which).findFirst().map(CompletionConsumer::link);
    }

    /** A stored record's place in the chain, from its data as received (verified when it was stored). */
    static ChainPosition.Link link(CompletionRecord row) {
        String canonical = CanonicalJson.canonicalize(row.data);
        String previous =
                Json.read(row.data, JsonNode.class).path("previousRecordHash").asText(null);
        return new ChainPosition.Link(row.recordId, row.sequence, previous, SignedJson.chainHashOfCanonical(canonical));
    }

    private static Uni<Void> poison(String reason) {
        return Uni.createFrom().failure(new PoisonMessageException(WireSignatures.printable(reason)));
    }

    private static CompletionRecordV1 decode(EventEnvelope event) {
        CompletionRecordV1 record;
        try {
            record = event.dataAs(CompletionRecordV1.class);
        } catch (IllegalArgumentException | EventCodec.InvalidEventException e) {
            throw new PoisonMessageException("data is not a valid " + CompletionRecordV1.TYPE);
        }
        if (record.recordId() == null
                || record.requestId() == null
                || record.version() < 1
                || record.status() == null) {
            throw new PoisonMessageException(
                    CompletionRecordV1.TYPE + " lacks one of recordId, requestId, version, status");
        }
        return record;
    }

    private static RequestStatus statusOf(CompletionRecordV1 record) {
        try {
            RequestStatus status = RequestStatus.valueOf(record.status());
            if (status.isFinal()) {
                return status;
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new PoisonMessageException("completion record " + record.recordId() + " has an unknown status");
    }
}
