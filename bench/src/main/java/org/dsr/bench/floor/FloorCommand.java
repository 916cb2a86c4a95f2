package org.dsr.bench.floor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.bench.report.MachineInfo;
import org.dsr.bench.report.ProcStats;
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

/**
 * {@code ./dsr bench floor}: what the essential work of an erasure costs on this machine with nothing in between. The
 * four sample stores' erasures are run as set-based SQL straight on the stack's PostgreSQL ({@link FloorScript}), a
 * whole batch of subjects per transaction, and the proof's signatures with the services' own code
 * ({@link ProofCost}). The sum bounds the saga rate of any design that keeps per-subject signed outcomes, next to
 * the Kafka and PostgreSQL ceilings of {@code ceilings}. It erases the sample people it uses: each run takes the
 * next ones, so a state directory serves {@code people / (batch x batches)} runs.
 */
@Command(
        name = "floor",
        abbreviateSynopsis = true,
        sortOptions = false,
        description = {
            "the erasure's own cost: the four stores' deletes as "
                    + "set-based SQL and the proof's signatures, per saga, and the saga rate that alone allows (erases sample people)"
        })
public final class FloorCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "5000",
            description = "subjects per transaction (default ${DEFAULT-VALUE})")
    long batchOption;

    @Option(
            names = "--batches",
            paramLabel = "K",
            defaultValue = "2",
            description = "batches per store (default ${DEFAULT-VALUE})")
    long batchesOption;

    @Option(
            names = "--people",
            paramLabel = "N",
            defaultValue = "20000",
            description = "sample population when the bench starts the adapters (default ${DEFAULT-VALUE})")
    long people;

    @Option(
            names = "--proof-iterations",
            paramLabel = "N",
            defaultValue = "20000",
            description = "outcomes signed for the proof's timing (default ${DEFAULT-VALUE})")
    long iterationsOption;

    @Option(names = "--label", paramLabel = "L", description = "name in the result file (default floor-<N>)")
    String label;

    @ArgGroup(exclusive = false, validate = false, heading = "%nstack options:%n")
    StackArgs stackArgs;

    FloorCommand() {}

    @Override
    public Integer call() {
        StackOptions options = StackArgs.options(stackArgs);
        if (batchOption < 1 || batchesOption < 1 || iterationsOption < 1 || people < 1) {
            throw new IllegalArgumentException("--batch, --batches, --people and --proof-iterations must be positive");
        }
        if (batchOption * batchesOption > 10_000_000 || iterationsOption > 10_000_000) {
            throw new IllegalArgumentException("--batch x --batches and --proof-iterations must be at most 10000000");
        }
        int batch = (int) batchOption;
        int batches = (int) batchesOption;
        int iterations = (int) iterationsOption;
        String label = this.label != null ? this.label : "floor-" + batch;
        Instant startedAt = Instant.now();
        // before the stack starts, so that nothing else competes for the cores while the signatures are timed
        ProofCost.Result proof = ProofCost.measure(iterations);
        StackConfig config = BenchStack.withSamplePeople(options.config(), people);
        LocalStack stack = BenchStack.openOrStop(config, options, 1);
        try {
            List<FloorScript> scripts = FloorScript.adapters();
            List<String> subjects = subjects(stack, batch * batches);
            ProcStats proc = ProcStats.system();
            List<ErasureFloor.BatchCost> costs = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                List<String> emails = subjects.subList(b * batch, (b + 1) * batch);
                for (FloorScript script : scripts) {
                    try (Connection c = stack.connect(script.database())) {
                        ErasureFloor.BatchCost cost = ErasureFloor.run(c, script, emails, proc);
                        System.out.printf(
                                "batch %d/%d %-15s %d subjects (%d held) in %.0f ms%n",
                                b + 1,
                                batches,
                                script.store(),
                                cost.subjects(),
                                cost.matched(),
                                cost.wallNanos() / 1e6);
                        costs.add(cost);
                    }
                }
            }
            FloorSummary summary =
                    new FloorSummary(costs, proof, Runtime.getRuntime().availableProcessors(), proc.ticksPerSecond());
            System.out.print(summary.render());
            ObjectNode result = Report.newResult("floor", label, startedAt);
            MachineInfo.addTo(result, config.repoRoot());
            result.put("batch", batch);
            result.put("batches", batches);
            result.set("floor", summary.toJson());
            Path file = Report.write(config.repoRoot().resolve("bench/results"), startedAt, label, result);
            System.out.println("result: " + file);
        } catch (SQLException e) {
            throw new IllegalStateException("floor: " + e.getMessage(), e);
        } finally {
            BenchStack.closeIfAsked(stack, options);
        }
        return 0;
    }

    /** The e-mail addresses of sample people the hosting store still holds, oldest accounts first. */
    private static List<String> subjects(LocalStack stack, int needed) throws SQLException {
        List<String> emails = new ArrayList<>();
        try (Connection c = stack.connect("hosting");
                PreparedStatement q = c.prepareStatement("select email from accounts order by id limit ?")) {
            q.setInt(1, needed);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    emails.add(rs.getString(1));
                }
            }
        }
        if (emails.size() < needed) {
            throw new IllegalStateException("floor: the hosting store holds " + emails.size()
                    + " sample people, the run needs " + needed + " (earlier runs erased the others): use a fresh"
                    + " --state-dir or a larger --people");
        }
        return emails;
    }
}
