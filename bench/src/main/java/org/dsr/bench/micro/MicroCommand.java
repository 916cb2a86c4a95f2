package org.dsr.bench.micro;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dsr.bench.report.Report;
import org.dsr.bench.stack.HelpOption;
import org.dsr.bench.stack.StackOptions;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./dsr bench micro [JMH options] [benchmark regexp]}: the JMH micro-benchmarks of this package
 * ({@link ProofBenchmarks}), with JMH's own command line (what {@code org.openjdk.jmh.Main} does, without exiting the
 * JVM). No stack is needed. Without {@code -rf}/{@code -rff} the results are written as JSON to
 * {@code bench/results/<time>-micro.json}.
 */
@Command(
        name = "micro",
        description = {
            "JMH micro-benchmarks of the proof's cost: RFC 8785 canonical JSON of a "
                    + "completion record, signing and verifying it, verifying a chain of N records; no stack needed. Every argument "
                    + "after micro is JMH's (e.g. -f 1 -wi 2 -i 3 verifyChain; -l lists the benchmarks, -- -h shows JMH's help). "
                    + "Results as JSON under bench/results/ unless -rf/-rff is given."
        },
        exitCodeListHeading = "%nexit codes:%n",
        exitCodeList = {"0:done", "1:a benchmark failed", "2:usage error (a JMH option it does not know)"})
public final class MicroCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    /** Everything after {@code micro}: JMH's options and benchmark patterns. */
    @Unmatched
    List<String> jmhArgs = new ArrayList<>();

    MicroCommand() {}

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(jmhArgs);
        args.remove("--");
        if (!args.contains("-rf") && !args.contains("-rff")) {
            Path results = StackOptions.defaultRepoRoot().resolve("bench/results");
            Files.createDirectories(results);
            args.addAll(List.of(
                    "-rf",
                    "json",
                    "-rff",
                    results.resolve(Report.fileName(Instant.now(), "micro")).toString()));
        }
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            spec.commandLine().getErr().println("bench micro: " + e.getMessage());
            return 2;
        }
        Runner runner = new Runner(options);
        if (options.shouldHelp()) {
            options.showHelp();
        } else if (options.shouldList()) {
            runner.list();
        } else if (options.shouldListWithParams()) {
            runner.listWithParams(options);
        } else if (options.shouldListProfilers()) {
            options.listProfilers();
        } else if (options.shouldListResultFormats()) {
            options.listResultFormats();
        } else {
            try {
                runner.run();
            } catch (NoBenchmarksException e) {
                spec.commandLine()
                        .getErr()
                        .println("bench micro: no benchmark matches " + options.getIncludes()
                                + "; ./dsr bench micro -l lists them");
                return 2;
            } catch (RunnerException e) {
                spec.commandLine().getErr().println("bench micro: " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }
}
