package org.dsr.bench.ceiling;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dsr.bench.report.MachineInfo;
import org.dsr.bench.report.Report;
import org.dsr.bench.stack.BenchStack;
import org.dsr.bench.stack.CliArgs;
import org.dsr.bench.stack.StackOptions;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.StackConfig;

/** {@code ./dsr bench ceilings}: only the Kafka and PostgreSQL ceilings of this machine, printed and as JSON. */
public final class CeilingsCommand {

    static final Set<String> VALUED = Set.of("record-size", "kafka-records", "pg-clients", "pg-seconds", "label");

    public static final String USAGE = """
              ceilings [options]  Kafka ProducerPerformance (acks=all) and PostgreSQL single-row commits/s
                --record-size B     Kafka record size (default 1024; run uses its measured average record)
                --kafka-records N   records to produce (default 300000)
                --pg-clients N      JDBC clients (default 8)
                --pg-seconds S      length of the PostgreSQL measurement (default 10)
                --label L           name in the result file (default ceilings)""";

    private CeilingsCommand() {
    }

    public static void main(String[] argv) {
        CliArgs args = StackOptions.parse(argv, VALUED, Set.of());
        StackOptions options = StackOptions.from(args);
        StackConfig config = options.config();
        Instant startedAt = Instant.now();
        String label = args.string("label", "ceilings");
        // only the infrastructure is measured, but the stack is opened as a whole so that ceilings are taken on the
        // same broker and database a run uses
        LocalStack stack = BenchStack.openOrStop(config, options, 1);
        try {
            ObjectNode result = Report.newResult("ceilings", label, startedAt);
            MachineInfo.addTo(result, config.repoRoot());
            int recordSize = (int) args.longValue("record-size", 1024);
            Ceilings ceilings = Ceilings.measure(stack, recordSize,
                    args.longValue("kafka-records", Ceilings.DEFAULT_KAFKA_RECORDS),
                    (int) args.longValue("pg-clients", Ceilings.DEFAULT_PG_CLIENTS),
                    Duration.ofSeconds(args.longValue("pg-seconds", Ceilings.DEFAULT_PG_DURATION.toSeconds())));
            result.set("ceilings", ceilings.toJson());
            Path file = Report.write(config.repoRoot().resolve("bench/results"), startedAt, label, result);
            System.out.println("result: " + file);
        } finally {
            BenchStack.closeIfAsked(stack, options);
        }
    }
}
