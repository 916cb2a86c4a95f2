package org.dsr.orchestrator.proof;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.dsr.contracts.json.Json;
import org.dsr.kit.outbox.OutboxService;
import org.dsr.kit.reactive.InOrder;
import org.dsr.orchestrator.deferred.DeferredErasureRepository;
import org.dsr.orchestrator.saga.Saga;
import org.dsr.orchestrator.saga.StepOutcomeRepository;

/**
 * Appends a signed completion record to the hash chain and announces it, in the caller's transaction. The chain
 * head row is locked for the append, so records are numbered without gaps and every record links to exactly one
 * predecessor, even with several orchestrator instances.
 */
@ApplicationScoped
public class CompletionRecordService {

    private final SigningKeys keys;
    private final OutboxService outbox;
    private final CompletionChainRepository chain;
    private final StepOutcomeRepository outcomeRows;
    private final DeferredErasureRepository deferredRows;
    private final Clock clock;

    public CompletionRecordService(
            SigningKeys keys,
            OutboxService outbox,
            CompletionChainRepository chain,
            StepOutcomeRepository outcomeRows,
            DeferredErasureRepository deferredRows,
            Clock clock) {
        this.keys = keys;
        this.outbox = outbox;
        this.chain = chain;
        this.outcomeRows = outcomeRows;
        this.deferredRows = deferredRows;
        this.clock = clock;
    }

    /** @param outcomes the final outcome per category, grouped by processor in policy order */
    public Uni<CompletionRecordV1> append(Saga saga, Map<String, List<ProcessorOutcomeV1>> outcomes) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "select sequence, last_hash from completion_chain_head where id = 1 for update",
                                Object[].class)
                        .getSingleResult()
                        .flatMap(head -> chain.versionCount(saga.requestId)
                                .flatMap(existing -> rawOutcomes(List.of(saga.requestId))
                                        .map(raw -> {
                                            long sequence = ((Number) head[0]).longValue() + 1;
                                            return sign(withRawOutcomes(
                                                    build(saga, outcomes, sequence, existing.intValue() + 1, (String)
                                                            head[1]),
                                                    raw));
                                        }))
                                .flatMap(record -> {
                                    CompletionRecordEntity entity = entity(saga, record);
                                    return entity.persist()
                                            .chain(() -> session.createNativeQuery(
                                                            "update completion_chain_head set sequence = :seq, last_hash = :hash"
                                                                    + " where id = 1")
                                                    .setParameter("seq", entity.sequence)
                                                    .setParameter("hash", entity.recordHash)
                                                    .executeUpdate())
                                            .chain(() -> outbox.enqueue(
                                                    Topics.COMPLETIONS,
                                                    saga.subjectPseudonym,
                                                    CompletionRecordV1.TYPE,
                                                    entity.recordId,
                                                    record))
                                            .replaceWith(Json.convert(record, CompletionRecordV1.class));
                                })));
    }

    /** A saga that completed in this transaction and the final outcome per category, grouped as for append. */
    public record Completed(Saga saga, Map<String, List<ProcessorOutcomeV1>> outcomes) {}

    /**
     * Appends the records of several sagas that completed in one consumer transaction: the chain head is locked once,
     * at the end of the transaction's work so that it is held briefly, and the records are chained in the order
     * given. Same records as {@link #append} one by one.
     */
    public Uni<Void> appendAll(List<Completed> completed) {
        if (completed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = completed.stream().map(c -> c.saga().requestId).toList();
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "select sequence, last_hash from completion_chain_head where id = 1 for update",
                                Object[].class)
                        .getSingleResult()
                        .flatMap(head -> session.createSelectionQuery(
                                        "select requestId, count(*) from CompletionRecordEntity"
                                                + " where requestId in :ids group by requestId",
                                        Object[].class)
                                .setParameter("ids", ids)
                                .getResultList()
                                .flatMap(counts -> rawOutcomes(ids).flatMap(raw -> {
                                    Map<UUID, Integer> versions = new HashMap<>();
                                    counts.forEach(row -> versions.put((UUID) row[0], ((Number) row[1]).intValue()));
                                    long sequence = ((Number) head[0]).longValue();
                                    String previous = (String) head[1];
                                    List<Signed> signed = new ArrayList<>();
                                    for (Completed c : completed) {
                                        sequence++;
                                        int version = versions.merge(c.saga().requestId, 1, Integer::sum);
                                        ObjectNode record = sign(withRawOutcomes(
                                                build(c.saga(), c.outcomes(), sequence, version, previous), raw));
                                        CompletionRecordEntity entity = entity(c.saga(), record);
                                        previous = entity.recordHash;
                                        signed.add(new Signed(entity, record, c.saga().subjectPseudonym));
                                    }
                                    Uni<Void> chain = InOrder.each(
                                            signed,
                                            r -> r.entity()
                                                    .persist()
                                                    .chain(() -> outbox.enqueue(
                                                            Topics.COMPLETIONS,
                                                            r.key(),
                                                            CompletionRecordV1.TYPE,
                                                            r.entity().recordId,
                                                            r.record())));
                                    long last = sequence;
                                    String lastHash = previous;
                                    return chain.chain(() -> session.createNativeQuery(
                                                            "update completion_chain_head set sequence = :seq, last_hash = :hash where id = 1")
                                                    .setParameter("seq", last)
                                                    .setParameter("hash", lastHash)
                                                    .executeUpdate())
                                            .replaceWithVoid();
                                }))));
    }

    private ObjectNode sign(ObjectNode unsigned) {
        ObjectNode record = unsigned.deepCopy();
        record.set(SignedJson.SIGNATURE_FIELD, Json.tree(SignedJson.sign(unsigned, keys.keyId(), keys.privateKey())));
        return record;
    }

    private CompletionRecordEntity entity(Saga saga, ObjectNode record) {
        CompletionRecordEntity entity = new CompletionRecordEntity();
        entity.recordId = UUID.fromString(record.get("recordId").asText());
        entity.requestId = saga.requestId;
        entity.version = record.get("version").asInt();
        entity.sequence = record.get("sequence").asLong();
        entity.status = record.get("status").asText();
        entity.previousHash = record.get("previousRecordHash").asText();
        entity.payload = CanonicalJson.canonicalize(record);
        entity.recordHash = SignedJson.chainHashOfCanonical(entity.payload);
        entity.createdAt = clock.instant();
        return entity;
    }

    /** Every outcome of the requests as the processor sent it, by outcome id. */
    private Uni<Map<UUID, JsonNode>> rawOutcomes(List<UUID> requestIds) {
        Map<UUID, JsonNode> raw = new HashMap<>();
        return outcomeRows
                .list("requestId in ?1", requestIds)
                .invoke(rows -> rows.forEach(r -> raw.put(r.outcomeId, parse(r.payload))))
                .chain(() -> deferredRows.list("requestId in ?1 and outcomePayload is not null", requestIds))
                .invoke(rows -> rows.forEach(d -> {
                    JsonNode node = parse(d.outcomePayload);
                    raw.put(UUID.fromString(node.get("outcomeId").asText()), node);
                }))
                .replaceWith(raw);
    }

    private CompletionRecordV1 build(
            Saga saga,
            Map<String, List<ProcessorOutcomeV1>> outcomes,
            long sequence,
            int version,
            String previousHash) {
        List<ProcessorResult> processors = new ArrayList<>();
        List<RetainedCategory> retained = new ArrayList<>();
        new LinkedHashMap<>(outcomes).forEach((processor, list) -> {
            processors.add(new ProcessorResult(processor, list));
            list.stream()
                    .filter(o -> o.status() == OutcomeStatus.RETAINED && o.retention() != null)
                    .forEach(o -> retained.add(new RetainedCategory(
                            processor,
                            o.category(),
                            o.retention().legalBasis(),
                            o.retention().retainUntil())));
        });
        return new CompletionRecordV1(
                UUID.randomUUID(),
                sequence,
                version,
                saga.requestId,
                saga.requestType,
                saga.jurisdiction,
                saga.subjectPseudonym,
                saga.receivedAt,
                saga.dueAt,
                clock.instant(),
                saga.status.name(),
                processors,
                retained,
                previousHash,
                null);
    }

    /**
     * The record as JSON, with each outcome replaced by the JSON the processor sent: a field this version does not
     * know must survive, or the processor's signature would no longer verify.
     */
    private static ObjectNode withRawOutcomes(CompletionRecordV1 record, Map<UUID, JsonNode> raw) {
        ObjectNode tree = (ObjectNode) Json.tree(record);
        for (JsonNode processor : tree.withArray("processors")) {
            ArrayNode outcomes = (ArrayNode) processor.get("outcomes");
            for (int i = 0; i < outcomes.size(); i++) {
                JsonNode original =
                        raw.get(UUID.fromString(outcomes.get(i).get("outcomeId").asText()));
                if (original != null) {
                    outcomes.set(i, original);
                }
            }
        }
        return tree;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored outcome is not JSON", e);
        }
    }

    /** A record chained and signed in memory, to be stored and published under its subject's key. */
    private record Signed(CompletionRecordEntity entity, ObjectNode record, String key) {}
}
