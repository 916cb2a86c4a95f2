package org.dsr.bench.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dsr.contracts.Topics;

/**
 * Publishes {@code org.dsr.intake.request.v1} CloudEvents (structured JSON) on {@code dsr.intake}, exactly as
 * docs/intake.md describes: source {@code /bench}, an {@code externalId} per request, the record keyed by it.
 * Acknowledged = the broker acked the write (acks=all).
 */
public final class KafkaIntakeSender implements IntakeSender {

    public static final String SOURCE = "/bench";
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private final KafkaProducer<String, byte[]> producer;
    private volatile int lastBytes;

    public KafkaIntakeSender(Map<String, Object> kafka) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "dsr-bench");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static byte[] event(SubjectPool.Subject subject, String externalId) {
        ObjectNode event = COMPACT.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", SOURCE);
        event.put("type", "org.dsr.intake.request.v1");
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.set("data", IntakeSender.requestBody(subject, externalId));
        try {
            return COMPACT.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void send(int index, String externalId, SubjectPool.Subject subject, SagaTracker tracker) {
        byte[] value = event(subject, externalId);
        lastBytes = value.length + externalId.length();
        producer.send(new ProducerRecord<>(Topics.INTAKE, externalId, value), (meta, error) -> {
            if (error == null) {
                tracker.acked(System.nanoTime());
            } else {
                tracker.failed();
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public int lastBodyBytes() {
        return lastBytes;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
