package org.dsr.request.status;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.kit.inbox.IdempotentConsumer;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.request.domain.RequestRepository;
import org.dsr.request.domain.RequestStatus;

/**
 * Stores completion records from {@code dsr.completions} (one per request and version) and sets the request's
 * status and completion time from the newest version. A record for an unknown request is dead-lettered rather
 * than dropped: it is a proof, and an operator must see it.
 */
@ApplicationScoped
public class CompletionConsumer {

    static final String CHANNEL = "completions";
    private static final Logger LOG = Logger.getLogger(CompletionConsumer.class);

    private final IdempotentConsumer consumer;
    private final RequestRepository requests;
    private final CompletionRecordRepository records;

    public CompletionConsumer(IdempotentConsumer consumer, RequestRepository requests,
            CompletionRecordRepository records) {
        this.consumer = consumer;
        this.requests = requests;
        this.records = records;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onCompletion(ConsumerRecords<String, String> records) {
        return consumer.consumeBatch(CHANNEL, records, Map.of(CompletionRecordV1.TYPE, this::apply));
    }

    Uni<Void> apply(EventEnvelope event) {
        CompletionRecordV1 record = decode(event);
        RequestStatus status = statusOf(record);
        // The data exactly as it came (field order and values kept), so canonical form and signature verify.
        String raw = event.data().toString();
        return requests.findById(record.requestId()).flatMap(request -> {
            if (request == null) {
                return Uni.createFrom().failure(new PoisonMessageException("completion record " + record.recordId()
                        + " names unknown request " + record.requestId()));
            }
            return records.exists(record.requestId(), record.version()).flatMap(known -> {
                if (known) {
                    LOG.infof("%s: record version %d of request %s already stored; ignored", CHANNEL,
                            record.version(), record.requestId());
                    return Uni.createFrom().voidItem();
                }
                Instant now = Instant.now();
                CompletionRecord row = new CompletionRecord();
                row.recordId = record.recordId();
                row.requestId = record.requestId();
                row.version = record.version();
                row.sequence = record.sequence();
                row.status = record.status();
                row.completedAt = record.completedAt();
                row.data = raw;
                row.receivedAt = now;
                return records.persist(row)
                        .call(() -> requests.complete(record.requestId(), status, record.completedAt(),
                                record.version(), now))
                        .invoke(() -> LOG.infof("%s: request %s %s (record version %d)", CHANNEL,
                                record.requestId(), status, record.version()))
                        .replaceWithVoid();
            });
        });
    }

    private static CompletionRecordV1 decode(EventEnvelope event) {
        CompletionRecordV1 record;
        try {
            record = event.dataAs(CompletionRecordV1.class);
        } catch (IllegalArgumentException | EventCodec.InvalidEventException e) {
            throw new PoisonMessageException("data is not a valid " + CompletionRecordV1.TYPE);
        }
        if (record.recordId() == null || record.requestId() == null || record.version() < 1
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
