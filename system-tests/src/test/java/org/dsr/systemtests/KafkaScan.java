package org.dsr.systemtests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.subject.EncryptedIdentifiers;

/** Reads every record of every topic (keys, values, headers) from the beginning to the current end. */
final class KafkaScan {

    private KafkaScan() {}

    /** @return "topic@offset" of each record containing any needle (case-insensitive); counts records per topic */
    static List<String> find(Map<String, Object> kafka, List<String> needles, Map<String, Integer> scanned)
            throws Exception {
        List<String> hits = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(kafka)) {
            scanned.merge(r.topic(), 1, Integer::sum);
            StringBuilder text = new StringBuilder();
            text.append(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8))
                    .append('\n');
            text.append(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8))
                    .append('\n');
            for (Header h : r.headers()) {
                text.append(h.key())
                        .append('=')
                        .append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8))
                        .append('\n');
            }
            String lower = text.toString().toLowerCase(Locale.ROOT);
            if (needles.stream().anyMatch(n -> lower.contains(n.toLowerCase(Locale.ROOT)))) {
                hits.add(r.topic() + "@" + r.offset());
            }
        }
        return hits;
    }

    static EncryptedIdentifiers encryptedIdentifiersOf(Map<String, Object> kafka, String requestId) throws Exception {
        for (ConsumerRecord<byte[], byte[]> r : readAll(kafka)) {
            if (r.topic().equals("dsr.requests") && r.value() != null) {
                String value = new String(r.value(), StandardCharsets.UTF_8);
                if (value.contains(requestId)) {
                    return EventCodec.decode(value)
                            .dataAs(RequestSubmittedV1.class)
                            .subject()
                            .identifiers();
                }
            }
        }
        throw new AssertionError("no RequestSubmittedV1 for " + requestId + " on dsr.requests");
    }

    /** The orchestrator-signed command for a request on a processor's command topic, as JSON exactly as it travelled. */
    static String commandOf(Map<String, Object> kafka, String processor, String requestId) throws Exception {
        for (ConsumerRecord<byte[], byte[]> r : readAll(kafka)) {
            if (r.topic().equals("dsr.commands." + processor) && r.value() != null) {
                String value = new String(r.value(), StandardCharsets.UTF_8);
                if (value.contains(requestId)) {
                    return EventCodec.decode(value).data().toString();
                }
            }
        }
        throw new AssertionError("no command for " + requestId + " on dsr.commands." + processor);
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(Map<String, Object> kafka) throws Exception {
        Set<String> topics;
        Properties admin = new Properties();
        admin.putAll(kafka);
        try (Admin client = Admin.create(admin)) {
            topics = client.listTopics().names().get(10, TimeUnit.SECONDS);
        }
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "scan-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(300)).forEach(all::add);
            }
        }
        return all;
    }
}
