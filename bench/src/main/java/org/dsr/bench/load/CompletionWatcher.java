package org.dsr.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.dsr.bench.report.Report;
import org.dsr.contracts.Topics;
import org.dsr.contracts.event.CompletionRecordV1;

/**
 * Reads {@code dsr.completions} from given offsets (no consumer group: it changes nothing on the broker) and reports
 * each first-version completion record to a {@link SagaTracker} by the subject pseudonym the record carries.
 */
public final class CompletionWatcher implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile SagaTracker tracker;
    private volatile boolean running = true;

    public CompletionWatcher(Map<String, Object> kafka, Map<TopicPartition, Long> startOffsets, SagaTracker tracker) {
        this.tracker = tracker;
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        startOffsets.keySet().stream()
                .filter(tp -> tp.topic().equals(Topics.COMPLETIONS))
                .forEach(parts::add);
        consumer.assign(parts);
        parts.forEach(tp -> consumer.seek(tp, startOffsets.get(tp)));
        thread = new Thread(this::loop, "bench-completions");
        thread.setDaemon(true);
        thread.start();
    }

    /** Switches to another phase's tracker (warm-up, then the measured run). */
    public void track(SagaTracker next) {
        this.tracker = next;
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    records.incrementAndGet();
                    handle(r.value(), now);
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void handle(byte[] value, long now) {
        try {
            JsonNode event = Report.MAPPER.readTree(value);
            if (!CompletionRecordV1.TYPE.equals(event.path("type").asText())) {
                return;
            }
            JsonNode data = event.path("data");
            if (data.path("version").asInt(1) != 1) {
                return; // a deferred erasure's later version, not a new saga
            }
            String pseudonym = data.path("subjectPseudonym").asText("");
            if (pseudonym.length() < 16) {
                unreadable.incrementAndGet();
                return;
            }
            tracker.completed(
                    LongIntMap.keyOfHex(pseudonym), data.path("status").asText("?"), now);
        } catch (java.io.IOException | RuntimeException e) {
            unreadable.incrementAndGet();
        }
    }

    public long records() {
        return records.get();
    }

    public long unreadable() {
        return unreadable.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
