package org.dsr.request;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dsr.testsupport.TestInfrastructure;

/**
 * A negative check without a fixed wait: reads a topic from the beginning until a later marker record appears (one
 * with the same key as the records looked for, so on the same partition and after them), and returns the records
 * matching the filter read before it. Fails when the marker does not appear in time.
 */
final class ReadUntil {

    private ReadUntil() {}

    static List<ConsumerRecord<String, String>> marker(
            String topic,
            Predicate<ConsumerRecord<String, String>> filter,
            Predicate<ConsumerRecord<String, String>> marker,
            Duration timeout) {
        Properties props = new Properties();
        props.putAll(TestInfrastructure.get().kafkaAdminClient());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> matched = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (marker.test(record)) {
                        return matched;
                    }
                    if (filter.test(record)) {
                        matched.add(record);
                    }
                }
            }
        }
        throw new AssertionError("the marker record did not appear on " + topic + " within " + timeout);
    }
}
