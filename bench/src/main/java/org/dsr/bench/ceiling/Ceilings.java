package org.dsr.bench.ceiling;

import java.time.Duration;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.bench.report.Report;
import org.dsr.localstack.LocalStack;

/** Both machine ceilings, measured one after the other on the stack's own broker and database. */
public record Ceilings(KafkaCeiling.Result kafka, PostgresCeiling.Result postgres) {

    public static final int DEFAULT_PG_CLIENTS = 8;
    public static final Duration DEFAULT_PG_DURATION = Duration.ofSeconds(10);
    public static final long DEFAULT_KAFKA_RECORDS = 300_000;

    public static Ceilings measure(
            LocalStack stack, int recordSize, long kafkaRecords, int pgClients, Duration pgDuration) {
        System.out.printf(
                "ceiling: Kafka ProducerPerformance, %d records of %d bytes, acks=all ...%n", kafkaRecords, recordSize);
        KafkaCeiling.Result kafka = KafkaCeiling.measure(stack.config(), recordSize, kafkaRecords);
        System.out.printf(
                "ceiling: Kafka %.0f records/s (%.1f MB/s, avg latency %.0f ms)%n",
                kafka.recordsPerSecond(), kafka.mbPerSecond(), kafka.avgLatencyMs());
        System.out.printf(
                "ceiling: PostgreSQL single-row commits, %d clients, %d s ...%n", pgClients, pgDuration.toSeconds());
        PostgresCeiling.Result pg = PostgresCeiling.measure(stack, pgClients, pgDuration);
        System.out.printf("ceiling: PostgreSQL %.0f commits/s%n", pg.commitsPerSecond());
        return new Ceilings(kafka, pg);
    }

    public ObjectNode toJson() {
        ObjectNode n = Report.MAPPER.createObjectNode();
        n.set("kafka", kafka.toJson());
        n.set("postgres", postgres.toJson());
        return n;
    }
}
