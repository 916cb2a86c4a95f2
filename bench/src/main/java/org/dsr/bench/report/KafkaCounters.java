package org.dsr.bench.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** End offsets of the {@code dsr.*} topics (messages written), consumer lag, and sampled record sizes. */
public final class KafkaCounters implements AutoCloseable {

    private final Map<String, Object> kafka;
    private final Admin admin;

    public KafkaCounters(Map<String, Object> kafka) {
        this.kafka = kafka;
        Properties p = new Properties();
        p.putAll(kafka);
        this.admin = Admin.create(p);
    }

    /** End offset of every partition of every topic whose name starts with {@code dsr.}. */
    public Map<TopicPartition, Long> endOffsets() {
        try {
            List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith("dsr."))
                    .sorted()
                    .toList();
            return endOffsets(topics);
        } catch (Exception e) {
            throw new IllegalStateException("reading end offsets failed: " + e, e);
        }
    }

    public Map<TopicPartition, Long> endOffsets(List<String> topics) {
        try {
            Map<String, TopicDescription> described =
                    admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            described
                    .values()
                    .forEach(d -> d.partitions()
                            .forEach(p ->
                                    request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                    admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            result.forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException("reading end offsets failed: " + e, e);
        }
    }

    /** Messages written per topic between two snapshots (topics without messages left out). */
    public static Map<String, Long> perTopicDelta(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((tp, end) -> {
            long d = end - before.getOrDefault(tp, 0L);
            if (d != 0) {
                delta.merge(tp.topic(), d, Long::sum);
            }
        });
        return delta;
    }

    public static long total(Map<String, Long> perTopic) {
        return perTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How far a consumer group is behind on a topic (end offsets minus committed offsets). */
    public long lag(String group, String topic) {
        try {
            Map<TopicPartition, Long> ends = endOffsets(List.of(topic));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Average key + value size of the records written between two snapshots, weighted by how many each topic got:
     * reads up to {@code perTopic} records of each topic from its "before" offsets.
     */
    public double averageRecordBytes(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after, int perTopic) {
        Map<String, Long> written = perTopicDelta(before, after);
        double weighted = 0;
        long weight = 0;
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (var entry : written.entrySet()) {
                List<TopicPartition> parts = new ArrayList<>();
                after.keySet().stream()
                        .filter(tp -> tp.topic().equals(entry.getKey()))
                        .forEach(parts::add);
                consumer.assign(parts);
                for (TopicPartition tp : parts) {
                    consumer.seek(tp, before.getOrDefault(tp, 0L));
                }
                long bytes = 0;
                int n = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (n < perTopic && System.nanoTime() < deadline && !reachedEnd(consumer, parts, after)) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (n >= perTopic) {
                            break;
                        }
                        bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                        n++;
                    }
                }
                if (n > 0) {
                    weighted += (bytes / (double) n) * entry.getValue();
                    weight += entry.getValue();
                }
            }
        }
        return weight == 0 ? Double.NaN : weighted / weight;
    }

    private static boolean reachedEnd(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> parts, Map<TopicPartition, Long> end) {
        for (TopicPartition tp : parts) {
            if (consumer.position(tp) < end.getOrDefault(tp, 0L)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
