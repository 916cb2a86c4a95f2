package org.dsr.orchestrator.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.dsr.contracts.Topics;
import org.dsr.contracts.json.Json;
import org.dsr.kit.kafka.KafkaClients;
import org.dsr.orchestrator.policy.Policy;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Reads the dead-letter topics ({@code <topic>.dlq} for every consumed topic) and replays one record. Listing shows
 * metadata only: topic, partition, offset, time, SmallRye's {@code dead-letter-*} headers (reason, original topic)
 * and the CloudEvent's type and id. A replay republishes the record's key and value, unchanged, to its original
 * topic (idempotent consumers make a second delivery harmless) and is recorded, in the same transaction, with who,
 * when and why. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class DeadLetterService {

    private static final Logger LOG = Logger.getLogger(DeadLetterService.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_REASON = 300;
    static final String DEAD_LETTER_HEADER_PREFIX = "dead-letter-";

    private final Properties connection;
    private final Pool pool;
    private final List<String> deadLetterTopics;
    private KafkaProducer<byte[], byte[]> producer;

    public DeadLetterService(Config config, Pool pool, Policy policy) {
        // the orchestrator's own principal, whose ACLs allow reading every dead-letter topic and replaying
        this.connection = KafkaClients.connection(config);
        this.pool = pool;
        Set<String> topics = new LinkedHashSet<>();
        Topics.all(List.of()).stream()
                .filter(t -> t.endsWith(Topics.DEAD_LETTER_SUFFIX))
                .forEach(topics::add);
        policy.processors().forEach(p -> topics.add(Topics.deadLetter(p.topic())));
        this.deadLetterTopics = List.copyOf(topics);
    }

    /** Every dead-letter topic the console looks at (those that do not exist are skipped when reading). */
    public List<String> topics() {
        return deadLetterTopics;
    }

    /** The newest {@code perTopic} records of every dead-letter topic, newest first. */
    public List<DeadLetter> latest(int perTopic) {
        List<DeadLetter> result = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Set<String> existing = consumer.listTopics(READ_TIMEOUT).keySet();
            for (String topic : deadLetterTopics) {
                if (existing.contains(topic)) {
                    result.addAll(latest(consumer, topic, perTopic));
                }
            }
        }
        Map<String, LastReplay> replays = replays();
        List<DeadLetter> withReplays = new ArrayList<>();
        for (DeadLetter d : result) {
            LastReplay replay = replays.get(d.key());
            withReplays.add(replay == null ? d : d.withReplay(replay.actor(), replay.at()));
        }
        withReplays.sort(Comparator.comparing(DeadLetter::timestamp).reversed());
        return withReplays;
    }

    private List<DeadLetter> latest(KafkaConsumer<byte[], byte[]> consumer, String topic, int perTopic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, READ_TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
        List<TopicPartition> nonEmpty =
                partitions.stream().filter(p -> end.get(p) > begin.get(p)).toList();
        if (nonEmpty.isEmpty()) {
            return List.of();
        }
        consumer.assign(nonEmpty);
        for (TopicPartition p : nonEmpty) {
            consumer.seek(p, Math.max(begin.get(p), end.get(p) - perTopic));
        }
        List<DeadLetter> records = new ArrayList<>();
        Instant deadline = Instant.now().plus(READ_TIMEOUT);
        while (Instant.now().isBefore(deadline) && !caughtUp(consumer, nonEmpty, end)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    records.add(view(record));
                }
            }
        }
        consumer.unsubscribe();
        return records.stream()
                .sorted(Comparator.comparing(DeadLetter::timestamp).reversed())
                .limit(perTopic)
                .toList();
    }

    private static boolean caughtUp(
            KafkaConsumer<byte[], byte[]> consumer,
            Collection<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
    }

    /** The replay's outcome: which topic the record went back to. */
    public record Replayed(DeadLetter record, String toTopic) {}

    /**
     * Republishes one dead-lettered record to the topic it came from, and records who did it, when and why.
     *
     * @return empty when there is no such record on a dead-letter topic the console knows
     */
    public Optional<Replayed> replay(String topic, int partition, long offset, String actor, String reason) {
        if (!deadLetterTopics.contains(topic)) {
            return Optional.empty();
        }
        Optional<ConsumerRecord<byte[], byte[]>> found = fetch(topic, partition, offset);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ConsumerRecord<byte[], byte[]> record = found.get();
        DeadLetter view = view(record);
        // only back to where it came from: the topic whose dead-letter topic this is
        String original = topic.substring(0, topic.length() - Topics.DEAD_LETTER_SUFFIX.length());
        if (view.originalTopic() != null && !view.originalTopic().equals(original)) {
            LOG.warnf("dead letter %s names another original topic; replaying to %s", view.key(), original);
        }
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            if (!h.key().startsWith(DEAD_LETTER_HEADER_PREFIX)) {
                headers.add(h);
            }
        }
        ProducerRecord<byte[], byte[]> out =
                new ProducerRecord<>(original, null, record.key(), record.value(), headers);
        pool.withTransaction(conn -> conn.preparedQuery("insert into dead_letter_replay (dlq_topic, dlq_partition,"
                                + " dlq_offset, original_topic, event_type, event_id, actor, reason, at)"
                                + " values ($1, $2, $3, $4, $5, $6, $7, $8, now())")
                        .execute(Tuple.from(List.of(
                                topic,
                                partition,
                                offset,
                                original,
                                nullable(view.eventType()),
                                nullable(view.eventId()),
                                actor,
                                reason)))
                        // the record is sent inside the transaction: no replay without its audit row
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(rows -> {
                            send(out);
                            return rows;
                        }))
                .await()
                .atMost(Duration.ofSeconds(30));
        LOG.infof("dead letter %s (event %s) replayed to %s by %s", view.key(), view.eventId(), original, actor);
        return Optional.of(new Replayed(view, original));
    }

    private static String nullable(String value) {
        return value == null ? "" : value;
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer().send(record).get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the replay could not be published ("
                    + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + ")");
        }
    }

    private Optional<ConsumerRecord<byte[], byte[]>> fetch(String topic, int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(topic, partition);
            if (consumer.partitionsFor(topic, READ_TIMEOUT).stream().noneMatch(p -> p.partition() == partition)) {
                return Optional.empty();
            }
            long end = consumer.endOffsets(List.of(tp), READ_TIMEOUT).get(tp);
            long begin = consumer.beginningOffsets(List.of(tp), READ_TIMEOUT).get(tp);
            if (offset < begin || offset >= end) {
                return Optional.empty();
            }
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return Optional.of(record);
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** Who replayed a record last, and when. */
    private record LastReplay(String actor, Instant at) {}

    /** Latest replay per record, by key "topic/partition/offset". */
    private Map<String, LastReplay> replays() {
        Map<String, LastReplay> result = new HashMap<>();
        try {
            for (Row row : pool.query("select dlq_topic, dlq_partition, dlq_offset, actor, at from dead_letter_replay"
                            + " order by id desc limit 2000")
                    .execute()
                    .await()
                    .atMost(Duration.ofSeconds(10))) {
                String key = row.getString("dlq_topic") + "/" + row.getInteger("dlq_partition") + "/"
                        + row.getLong("dlq_offset");
                OffsetDateTime at = row.getOffsetDateTime("at");
                result.putIfAbsent(key, new LastReplay(row.getString("actor"), at.toInstant()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("dead-letter replays unavailable (%s)", e.getClass().getSimpleName());
        }
        return result;
    }

    static DeadLetter view(ConsumerRecord<byte[], byte[]> record) {
        String eventType = header(record, "ce_type");
        String eventId = header(record, "ce_id");
        if (record.value() != null && (eventType == null || eventId == null)) {
            try {
                JsonNode event = Json.MAPPER.readTree(record.value());
                if (event != null && event.isObject()) {
                    eventType = eventType != null ? eventType : text(event.get("type"));
                    eventId = eventId != null ? eventId : text(event.get("id"));
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not JSON: that may be why it is here; type and id stay unknown
            }
        }
        String reason = header(record, "dead-letter-reason");
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "…";
        }
        String exception = header(record, "dead-letter-exception-class-name");
        if (exception != null && exception.contains(".")) {
            exception = exception.substring(exception.lastIndexOf('.') + 1);
        }
        return new DeadLetter(
                record.topic(),
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                header(record, "dead-letter-topic"),
                header(record, "dead-letter-partition"),
                header(record, "dead-letter-offset"),
                reason,
                exception,
                limit(eventType),
                limit(eventId),
                record.value() == null ? 0 : record.value().length,
                null,
                null);
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.asText();
    }

    /** Type and id are short identifiers; anything longer is cut rather than shown whole. */
    private static String limit(String value) {
        return value == null ? null : value.length() > 120 ? value.substring(0, 120) + "…" : value;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.putAll(connection);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "console-dead-letters-" + UUID.randomUUID());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.putAll(connection);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "console-replay");
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
