package org.dsr.bench;

import java.util.concurrent.Callable;
import org.dsr.bench.ceiling.CeilingsCommand;
import org.dsr.bench.fault.FaultCommand;
import org.dsr.bench.floor.FloorCommand;
import org.dsr.bench.load.BacklogCommand;
import org.dsr.bench.load.RunCommand;
import org.dsr.bench.micro.MicroCommand;
import org.dsr.bench.poison.PoisonCommand;
import org.dsr.bench.stack.Converters;
import org.dsr.bench.stack.HelpOption;
import org.dsr.localstack.LocalStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point behind {@code ./dsr bench}: one picocli subcommand per harness (load, ceilings, backlog and floor:
 * {@code org.dsr.bench.load / .ceiling / .floor}; fault harness and poison/flood: {@code org.dsr.bench.fault /
 * .poison}; JMH micro-benchmarks: {@code org.dsr.bench.micro}). Exit codes: 0 done, 1 a failure or a failed check,
 * 2 a usage error (an unknown option, a value that does not convert, or one the command refuses).
 */
@Command(
        name = "./dsr bench",
        synopsisSubcommandLabel = "<command>",
        description = "Load benchmark, machine ceilings, fault and poison harnesses against the local stack, and JMH "
                + "micro-benchmarks of the proof (docs/performance.md).",
        subcommands = {
            RunCommand.class,
            CeilingsCommand.class,
            BacklogCommand.class,
            FloorCommand.class,
            FaultCommand.class,
            PoisonCommand.class,
            MicroCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%n",
        footer = {
            "Every command but micro takes the stack options --state-dir DIR, "
                    + "--random-ports and --down. ./dsr bench <command> --help lists a command's options and defaults."
        },
        exitCodeListHeading = "%nexit codes:%n",
        exitCodeList = {"0:done", "1:a failure, or a check that failed", "2:usage error"})
public final class BenchCli implements Callable<Integer> {

    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    private BenchCli() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole command line: converters, and usage errors mapped to exit code 2 with a one-line message. */
    public static CommandLine commandLine() {
        CommandLine cli = Converters.register(new CommandLine(new BenchCli()));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                // a value the command refused (out of range, a missing companion option, an unknown run)
                command.getErr().println("bench: " + e.getMessage());
                command.getErr().println("see: ./dsr bench " + command.getCommandName() + " --help");
                return USAGE;
            }
            if (e instanceof LocalStack.StackException || e instanceof IllegalStateException) {
                command.getErr().println("bench: " + e.getMessage());
                return 1;
            }
            e.printStackTrace(command.getErr());
            return 1;
        });
        return cli;
    }

    /** No command: the list of commands, as before. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 0;
    }
}
