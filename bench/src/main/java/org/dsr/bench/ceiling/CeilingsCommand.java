package org.dsr.bench.ceiling;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.bench.report.MachineInfo;
import org.dsr.bench.report.Report;
import org.dsr.bench.stack.BenchStack;
import org.dsr.bench.stack.HelpOption;
import org.dsr.bench.stack.StackArgs;
import org.dsr.bench.stack.StackOptions;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.StackConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./dsr bench ceilings}: only the Kafka and PostgreSQL ceilings of this machine, printed and as JSON. */
@Command(
        name = "ceilings",
        abbreviateSynopsis = true,
        sortOptions = false,
        description = {"Kafka ProducerPerformance (acks=all) and " + "PostgreSQL single-row commits/s"})
public final class CeilingsCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = "--record-size",
            paramLabel = "B",
            defaultValue = "1024",
            description = "Kafka record size (default ${DEFAULT-VALUE}; run uses its measured average record)")
    long recordSize;

    @Option(
            names = "--kafka-records",
            paramLabel = "N",
            defaultValue = "" + Ceilings.DEFAULT_KAFKA_RECORDS,
            description = "records to produce (default ${DEFAULT-VALUE})")
    long kafkaRecords;

    @Option(
            names = "--pg-clients",
            paramLabel = "N",
            defaultValue = "" + Ceilings.DEFAULT_PG_CLIENTS,
            description = "JDBC clients (default ${DEFAULT-VALUE})")
    long pgClients;

    @Option(
            names = "--pg-seconds",
            paramLabel = "S",
            defaultValue = "10",
            description = "length of the PostgreSQL measurement (default ${DEFAULT-VALUE})")
    long pgSeconds;

    @Option(
            names = "--label",
            paramLabel = "L",
            defaultValue = "ceilings",
            description = "name in the result file (default ${DEFAULT-VALUE})")
    String label;

    @ArgGroup(exclusive = false, validate = false, heading = "%nstack options:%n")
    StackArgs stackArgs;

    CeilingsCommand() {}

    @Override
    public Integer call() {
        StackOptions options = StackArgs.options(stackArgs);
        StackConfig config = options.config();
        Instant startedAt = Instant.now();
        // only the infrastructure is measured, but the stack is opened as a whole so that ceilings are taken on the
        // same broker and database a run uses
        LocalStack stack = BenchStack.openOrStop(config, options, 1);
        try {
            ObjectNode result = Report.newResult("ceilings", label, startedAt);
            MachineInfo.addTo(result, config.repoRoot());
            Ceilings ceilings = Ceilings.measure(
                    stack, (int) recordSize, kafkaRecords, (int) pgClients, Duration.ofSeconds(pgSeconds));
            result.set("ceilings", ceilings.toJson());
            Path file = Report.write(config.repoRoot().resolve("bench/results"), startedAt, label, result);
            System.out.println("result: " + file);
        } finally {
            BenchStack.closeIfAsked(stack, options);
        }
        return 0;
    }
}
