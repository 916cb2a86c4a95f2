package org.dsr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** The command line of ./dsr bench: help, usage errors and defaults, parsed only (nothing starts). */
class BenchCliTest {

    private static final List<String> COMMANDS =
            List.of("run", "ceilings", "backlog", "floor", "faults", "poison", "micro");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = BenchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static CommandSpec parsed(String... args) {
        ParseResult result = BenchCli.commandLine().parseArgs(args);
        return result.subcommand().commandSpec();
    }

    @Test
    void everyCommandHasHelpAndTheTopLevelListsThemAll() {
        assertThat(execute("--help")).isZero();
        assertThat(out.toString()).contains("Usage: ./dsr bench [-h] <command>");
        for (String command : COMMANDS) {
            assertThat(out.toString()).as(command).contains("  " + command + " ");
        }
        for (String command : COMMANDS) {
            out.getBuffer().setLength(0);
            assertThat(execute(command, "--help")).as(command).isZero();
            assertThat(out.toString())
                    .as(command)
                    .contains("Usage: ./dsr bench " + command)
                    .contains("--help");
            if (!command.equals("micro")) {
                assertThat(out.toString())
                        .as(command)
                        .contains("stack options:")
                        .contains("--state-dir=DIR")
                        .contains("--random-ports")
                        .contains("--down");
            }
        }
        out.getBuffer().setLength(0);
        assertThat(execute("help", "faults")).isZero();
        assertThat(out.toString())
                .contains("Usage: ./dsr bench faults")
                .contains("--kinds=a,b,...")
                .contains("request-service")
                .contains("exit codes:");
    }

    @Test
    void noCommandPrintsTheCommandsAndExitsZero() {
        assertThat(execute()).isZero();
        assertThat(err.toString())
                .contains("Usage: ./dsr bench")
                .contains("run")
                .contains("poison");
    }

    @Test
    void aBadOptionOrCommandIsAClearUsageErrorWithExitTwo() {
        assertThat(execute("run", "--reqests", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--reqests', '5'").contains("--requests");
        err.getBuffer().setLength(0);
        assertThat(execute("run", "--rate")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter for option '--rate'");
        err.getBuffer().setLength(0);
        assertThat(execute("run", "--skip-ceilings=yes")).isEqualTo(2);
        err.getBuffer().setLength(0);
        assertThat(execute("run", "--requests", "many")).isEqualTo(2);
        assertThat(err.toString())
                .contains("Invalid value for option '--requests'")
                .contains("must be a whole number, got 'many'");
        err.getBuffer().setLength(0);
        assertThat(execute("backlog", "--timeout", "5 weeks")).isEqualTo(2);
        assertThat(err.toString()).contains("not a duration: '5 weeks'");
        err.getBuffer().setLength(0);
        assertThat(execute("bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument at index 0: 'bogus'");
    }

    @Test
    void aValueTheCommandRefusesIsAUsageErrorBeforeAnythingStarts() {
        assertThat(execute("run", "--via", "smtp")).isEqualTo(2);
        assertThat(err.toString())
                .contains("bench: --via must be kafka or rest")
                .contains("see: ./dsr bench run --help");
        err.getBuffer().setLength(0);
        assertThat(execute("run", "--duration", "5m")).isEqualTo(2);
        assertThat(err.toString()).contains("--duration needs --rate");
        err.getBuffer().setLength(0);
        assertThat(execute("faults", "--kinds", "hosting,mailer")).isEqualTo(2);
        assertThat(err.toString()).contains("--kinds: unknown component 'mailer'");
    }

    @Test
    void defaultsAreTheOnesTheDocsGive() {
        CommandSpec run = parsed("run");
        assertThat(run.findOption("--requests").<Long>getValue()).isEqualTo(10_000L);
        assertThat(run.findOption("--rate").<Double>getValue()).isEqualTo(0.0);
        assertThat(run.findOption("--via").<String>getValue()).isEqualTo("kafka");
        assertThat(run.findOption("--concurrency").<Long>getValue()).isEqualTo(64L);
        assertThat(run.findOption("--warmup").<Long>getValue()).isEqualTo(0L);
        assertThat(run.findOption("--timeout").<Duration>getValue()).isEqualTo(Duration.ofSeconds(120));
        assertThat(run.findOption("--kafka-records").<Long>getValue()).isEqualTo(300_000L);
        assertThat(run.findOption("--pg-clients").<Long>getValue()).isEqualTo(8L);
        assertThat(run.findOption("--pg-seconds").<Long>getValue()).isEqualTo(10L);
        assertThat(run.findOption("--skip-ceilings").<Boolean>getValue()).isFalse();
        assertThat(run.findOption("--people").<Long>getValue()).isNull();

        CommandSpec ceilings = parsed("ceilings");
        assertThat(ceilings.findOption("--record-size").<Long>getValue()).isEqualTo(1024L);
        assertThat(ceilings.findOption("--label").<String>getValue()).isEqualTo("ceilings");

        CommandSpec backlog = parsed("backlog");
        assertThat(backlog.findOption("--requests").<Long>getValue()).isEqualTo(1_000_000L);
        assertThat(backlog.findOption("--sample-interval").<Duration>getValue()).isEqualTo(Duration.ofSeconds(5));
        assertThat(backlog.findOption("--timeout").<Duration>getValue()).isEqualTo(Duration.ofSeconds(300));
        assertThat(backlog.findOption("--people").<Long>getValue()).isEqualTo(300L);
        assertThat(backlog.findOption("--drain-for").<Duration>getValue()).isNull();

        CommandSpec floor = parsed("floor");
        assertThat(floor.findOption("--batch").<Long>getValue()).isEqualTo(5000L);
        assertThat(floor.findOption("--batches").<Long>getValue()).isEqualTo(2L);
        assertThat(floor.findOption("--people").<Long>getValue()).isEqualTo(20_000L);
        assertThat(floor.findOption("--proof-iterations").<Long>getValue()).isEqualTo(20_000L);

        CommandSpec faults = parsed("faults");
        assertThat(faults.findOption("--requests").<Long>getValue()).isEqualTo(10_000L);
        assertThat(faults.findOption("--rate").<Double>getValue()).isEqualTo(25.0);
        assertThat(faults.findOption("--rest-every").<Long>getValue()).isEqualTo(10L);
        assertThat(faults.findOption("--min-pause").<Duration>getValue()).isEqualTo(Duration.ofSeconds(10));
        assertThat(faults.findOption("--max-pause").<Duration>getValue()).isEqualTo(Duration.ofSeconds(30));
        assertThat(faults.findOption("--max-downtime").<Duration>getValue()).isEqualTo(Duration.ofSeconds(5));
        assertThat(faults.findOption("--settle").<Duration>getValue()).isEqualTo(Duration.ofMinutes(5));
        assertThat(faults.findOption("--seed").<Long>getValue()).isNull();

        CommandSpec poison = parsed("poison");
        assertThat(poison.findOption("--valid").<Long>getValue()).isEqualTo(2_000L);
        assertThat(poison.findOption("--bad").<Long>getValue()).isEqualTo(10_000L);
        assertThat(poison.findOption("--rate").<Double>getValue()).isEqualTo(0.0);
        assertThat(poison.findOption("--settle").<Duration>getValue()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void valuesAreReadAsTheOldParserReadThem() {
        CommandSpec run = parsed(
                "run",
                "--requests",
                "2_000",
                "--rate=50.5",
                "--skip-ceilings",
                "--state-dir",
                "/tmp/x",
                "--random-ports");
        assertThat(run.findOption("--requests").<Long>getValue()).isEqualTo(2000L);
        assertThat(run.findOption("--rate").<Double>getValue()).isEqualTo(50.5);
        assertThat(run.findOption("--skip-ceilings").<Boolean>getValue()).isTrue();
        assertThat(run.findOption("--state-dir").<java.nio.file.Path>getValue()).hasToString("/tmp/x");
        assertThat(run.findOption("--random-ports").<Boolean>getValue()).isTrue();
        CommandSpec faults = parsed("faults", "--kinds", "hosting,kafka");
        assertThat(faults.findOption("--kinds").<List<String>>getValue()).containsExactly("hosting", "kafka");
    }
}
