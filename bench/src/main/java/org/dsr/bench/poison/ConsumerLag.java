package org.dsr.bench.poison;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Lag of every consumer group on the broker: committed offset against the partition's end offset, summed per group
 * (Admin API). A group that has not committed on a partition with records counts the whole partition. The bench's
 * own scan groups ({@code bench-scan-*}) are left out.
 */
public final class ConsumerLag {

    private ConsumerLag() {}

    public static Map<String, Long> perGroup(Map<String, Object> kafka) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        Map<String, Long> lag = new TreeMap<>();
        try (Admin admin = Admin.create(p)) {
            for (ConsumerGroupListing g : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
                String group = g.groupId();
                if (group.startsWith("bench-scan-")) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                // every partition of every topic the group has committed on
                Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
                committed.keySet().forEach(tp -> wanted.put(tp, OffsetSpec.latest()));
                // and every partition assigned to a live member, committed on or not
                admin.describeConsumerGroups(java.util.List.of(group))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(group)
                        .members()
                        .forEach(m ->
                                m.assignment().topicPartitions().forEach(tp -> wanted.put(tp, OffsetSpec.latest())));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = wanted.isEmpty()
                        ? Map.of()
                        : admin.listOffsets(wanted).all().get(30, TimeUnit.SECONDS);
                long sum = 0;
                for (var e : ends.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    sum += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
                }
                lag.put(group, sum);
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading consumer group lag failed: " + e, e);
        }
        return lag;
    }
}
