package org.dsr.bench.load;

import java.time.Instant;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.bench.report.MachineInfo;
import org.dsr.bench.report.Report;
import org.dsr.bench.stack.BenchStack;
import org.dsr.bench.stack.StackOptions;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.StackConfig;

/**
 * The setup {@code ./dsr bench run} and {@code ./dsr bench backlog} share: the stack opened with the adapters' sample
 * population sized for the run, the result JSON started with the machine it is measured on, the run tag and the
 * subjects to erase.
 *
 * @param result the result JSON, with {@code command}, {@code label}, {@code started_at} and {@code machine} set
 * @param runTag tags this run's event ids and synthetic subjects ({@link #runTag(Instant)})
 */
record LoadSession(LocalStack stack, StackConfig config, ObjectNode result, String runTag, SubjectPool pool) {

    /** What a command measures once the session is set up. */
    @FunctionalInterface
    interface Measurement {
        void measure(LoadSession session);
    }

    /**
     * Opens the stack of {@code options} (adapters started by this call generate {@code samplePeople} people), sets
     * up the session and runs {@code measurement}; stops the stack afterwards when {@code --down} was given, also when
     * the measurement fails.
     */
    static void run(
            StackOptions options,
            long samplePeople,
            String command,
            String label,
            Instant startedAt,
            Measurement measurement) {
        StackConfig config = BenchStack.withSamplePeople(options.config(), samplePeople);
        LocalStack stack = BenchStack.openOrStop(config, options, 1);
        try {
            ObjectNode result = Report.newResult(command, label, startedAt);
            MachineInfo.addTo(result, config.repoRoot());
            String runTag = runTag(startedAt);
            measurement.measure(new LoadSession(stack, config, result, runTag, SubjectPool.load(stack, runTag)));
        } finally {
            BenchStack.closeIfAsked(stack, options);
        }
    }

    /** The start time as {@code yyyyMMddTHHmmssZrun} (UTC): unique per run, and safe in ids and e-mail addresses. */
    static String runTag(Instant startedAt) {
        return Report.fileName(startedAt, "").replace(".json", "").replace("-", "");
    }
}
