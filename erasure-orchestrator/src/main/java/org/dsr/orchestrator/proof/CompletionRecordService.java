package org.dsr.orchestrator.proof;

import java.time.Instant;
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
import org.dsr.kit.outbox.OutboxService;
import org.dsr.contracts.json.Json;
import org.dsr.orchestrator.deferred.DeferredErasure;
import org.dsr.orchestrator.saga.Saga;
import org.dsr.orchestrator.saga.StepOutcome;

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
                        .flatMap(existing -> rawOutcomes(saga).map(raw -> {
                            long sequence = ((Number) head[0]).longValue() + 1;
                            return withRawOutcomes(build(saga, outcomes, sequence, existing.intValue() + 1,
                                    (String) head[1]), raw);
                        }))
                        .flatMap(unsigned -> {
                            ObjectNode record = unsigned.deepCopy();
                            record.set(SignedJson.SIGNATURE_FIELD,
                                    Json.tree(SignedJson.sign(unsigned, keys.keyId(), keys.privateKey())));
                            long sequence = record.get("sequence").asLong();
                            String hash = SignedJson.chainHash(record);
                            CompletionRecordEntity entity = new CompletionRecordEntity();
                            entity.recordId = UUID.fromString(record.get("recordId").asText());
                            entity.requestId = saga.requestId;
                            entity.version = record.get("version").asInt();
                            entity.sequence = sequence;
                            entity.status = record.get("status").asText();
                            entity.previousHash = record.get("previousRecordHash").asText();
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
                                            CompletionRecordV1.TYPE, entity.recordId, record))
                                    .replaceWith(Json.convert(record, CompletionRecordV1.class));
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

    /** Every outcome of the request as the processor sent it, by outcome id. */
    private static Uni<Map<UUID, JsonNode>> rawOutcomes(Saga saga) {
        Map<UUID, JsonNode> raw = new HashMap<>();
        return StepOutcome.<StepOutcome> list("requestId", saga.requestId)
                .invoke(rows -> rows.forEach(r -> raw.put(r.outcomeId, parse(r.payload))))
                .chain(() -> DeferredErasure.<DeferredErasure> list("requestId = ?1 and outcomePayload is not null",
                        saga.requestId))
                .invoke(rows -> rows.forEach(d -> {
                    JsonNode node = parse(d.outcomePayload);
                    raw.put(UUID.fromString(node.get("outcomeId").asText()), node);
                }))
                .replaceWith(raw);
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
                JsonNode original = raw.get(UUID.fromString(outcomes.get(i).get("outcomeId").asText()));
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
}
