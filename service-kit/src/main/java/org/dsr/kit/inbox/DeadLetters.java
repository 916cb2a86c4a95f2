package org.dsr.kit.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Dead-letters one consumed record, for consumers that take records in batches (where SmallRye's dead-letter-queue
 * strategy would dead-letter the whole batch). Same topic and headers as that strategy: the channel's
 * {@code dead-letter-queue.topic} (default {@code <topic>.dlq}), the original key, value and headers, plus
 * {@code dead-letter-reason}, {@code dead-letter-exception-class-name}, {@code dead-letter-topic},
 * {@code dead-letter-partition} and {@code dead-letter-offset}.
 * <p>
 * {@link #send} completes only once Kafka has acknowledged the dead letter (acks=all), retrying with backoff until
 * it does: the batch is acknowledged after its dead letters, so a record is never both skipped and lost.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;
    private final Config config;
    private final Map<String, String> topics = new ConcurrentHashMap<>();

    public DeadLetters(
            @Channel("dead-letters") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                    MutinyEmitter<String> emitter,
            Config config) {
        this.emitter = emitter;
        this.config = config;
    }

    /**
     * @param channel the incoming channel the record came from (names its dead-letter topic)
     * @param failure its message is the reason and must never quote personal data (our exceptions guarantee that)
     */
    public Uni<Void> send(String channel, ConsumerRecord<String, String> record, Throwable failure) {
        String topic = topicOf(channel, record.topic());
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        header(
                headers,
                KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME,
                failure.getClass().getName());
        header(
                headers,
                KafkaDeadLetterQueue.DEAD_LETTER_REASON,
                failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage());
        header(headers, KafkaDeadLetterQueue.DEAD_LETTER_TOPIC, record.topic());
        header(headers, KafkaDeadLetterQueue.DEAD_LETTER_PARTITION, Integer.toString(record.partition()));
        header(headers, KafkaDeadLetterQueue.DEAD_LETTER_OFFSET, Long.toString(record.offset()));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        return Uni.createFrom()
                .deferred(() -> emitter.sendMessage(Message.of(record.value()).addMetadata(metadata)))
                .onFailure()
                .invoke(e -> LOG.warnf(
                        "%s: dead letter for %s-%d@%d not sent yet (%s); retrying",
                        channel,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getClass().getSimpleName()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely();
    }

    private String topicOf(String channel, String sourceTopic) {
        return topics.computeIfAbsent(
                channel + "|" + sourceTopic,
                k -> config.getOptionalValue(
                                "mp.messaging.incoming." + channel + ".dead-letter-queue.topic", String.class)
                        .orElse(sourceTopic + ".dlq"));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
