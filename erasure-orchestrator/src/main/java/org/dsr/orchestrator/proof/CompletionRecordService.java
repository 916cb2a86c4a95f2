package org.dsr.orchestrator.proof;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import org.dsr.contracts.Topics;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.CompletionRecordV1.ProcessorResult;
import org.dsr.contracts.event.CompletionRecordV1.RetainedCategory;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.kit.outbox.OutboxService;
import org.dsr.orchestrator.saga.Saga;

/**
 * Appends a signed completion record to the hash chain and announces it, in the caller's transaction. The chain
 * head row is locked for the append, so records are numbered without gaps and every record links to exactly one
 * predecessor, even with several orchestrator instances.
 */
@ApplicationScoped
public class CompletionRecordService {

    private final SigningKeys keys;
    private final OutboxService outbox;

    public CompletionRecordService(SigningKeys keys, OutboxService outbox) {
        this.keys = keys;
        this.outbox = outbox;
    }

    /** @param outcomes the final outcome per category, grouped by processor in policy order */
    public Uni<CompletionRecordV1> append(Saga saga, Map<String, List<ProcessorOutcomeV1>> outcomes) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select sequence, last_hash from completion_chain_head where id = 1 for update",
                        Object[].class)
                .getSingleResult()
                .flatMap(head -> CompletionRecordEntity.count("requestId", saga.requestId)
                        .flatMap(existing -> {
                            long sequence = ((Number) head[0]).longValue() + 1;
                            CompletionRecordV1 record = sign(build(saga, outcomes, sequence,
                                    existing.intValue() + 1, (String) head[1]));
                            String hash = SignedJson.chainHash(record);
                            CompletionRecordEntity entity = new CompletionRecordEntity();
                            entity.recordId = record.recordId();
                            entity.requestId = saga.requestId;
                            entity.version = record.version();
                            entity.sequence = sequence;
                            entity.status = record.status();
                            entity.previousHash = record.previousRecordHash();
                            entity.recordHash = hash;
                            entity.payload = CanonicalJson.canonicalize(record);
                            entity.createdAt = Instant.now();
                            return entity.persist()
                                    .chain(() -> session.createNativeQuery(
                                            "update completion_chain_head set sequence = :seq, last_hash = :hash"
                                                    + " where id = 1")
                                            .setParameter("seq", sequence).setParameter("hash", hash)
                                            .executeUpdate())
                                    .chain(() -> outbox.enqueue(Topics.COMPLETIONS, saga.subjectPseudonym,
                                            CompletionRecordV1.TYPE, record.recordId(), record))
                                    .replaceWith(record);
                        })));
    }

    private CompletionRecordV1 build(Saga saga, Map<String, List<ProcessorOutcomeV1>> outcomes, long sequence,
            int version, String previousHash) {
        List<ProcessorResult> processors = new ArrayList<>();
        List<RetainedCategory> retained = new ArrayList<>();
        new LinkedHashMap<>(outcomes).forEach((processor, list) -> {
            processors.add(new ProcessorResult(processor, list));
            list.stream().filter(o -> o.status() == OutcomeStatus.RETAINED && o.retention() != null)
                    .forEach(o -> retained.add(new RetainedCategory(processor, o.category(),
                            o.retention().legalBasis(), o.retention().retainUntil())));
        });
        return new CompletionRecordV1(UUID.randomUUID(), sequence, version, saga.requestId, saga.requestType,
                saga.jurisdiction, saga.subjectPseudonym, saga.receivedAt, saga.dueAt, Instant.now(),
                saga.status.name(), processors, retained, previousHash, null);
    }

    private CompletionRecordV1 sign(CompletionRecordV1 record) {
        return record.withSignature(SignedJson.sign(record, keys.keyId(), keys.privateKey()));
    }
}
