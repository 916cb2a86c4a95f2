package org.dsr.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/** Entry point behind {@code ./bench}: one subcommand per harness. */
public final class BenchCli {

    private static final Map<String, Consumer<String[]>> COMMANDS = Map.of(
            // load, ceilings, backlog and floor: org.dsr.bench.load / .ceiling / .floor
            "run", a -> org.dsr.bench.stack.CliArgs.runAndExit(org.dsr.bench.load.RunCommand::main, a),
            "ceilings", a -> org.dsr.bench.stack.CliArgs.runAndExit(org.dsr.bench.ceiling.CeilingsCommand::main, a),
            "backlog", a -> org.dsr.bench.stack.CliArgs.runAndExit(org.dsr.bench.load.BacklogCommand::main, a),
            "floor", a -> org.dsr.bench.stack.CliArgs.runAndExit(org.dsr.bench.floor.FloorCommand::main, a),
            // fault harness and poison/flood: org.dsr.bench.fault / org.dsr.bench.poison
            "faults", a -> org.dsr.bench.stack.CliArgs.runAndExit(org.dsr.bench.fault.FaultCommand::main, a),
            "poison", a -> org.dsr.bench.stack.CliArgs.runAndExit(org.dsr.bench.poison.PoisonCommand::main, a));

    private BenchCli() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            System.err.println(usage());
            System.exit(args.length == 0 || args[0].equals("help") ? 0 : 2);
        }
        COMMANDS.get(args[0]).accept(Arrays.copyOfRange(args, 1, args.length));
    }

    static String usage() {
        return """
                usage: ./dsr bench <command> [options]
                """ + org.dsr.bench.load.RunCommand.USAGE + "\n" + org.dsr.bench.ceiling.CeilingsCommand.USAGE + "\n"
                + org.dsr.bench.load.BacklogCommand.USAGE + "\n" + org.dsr.bench.floor.FloorCommand.USAGE + "\n"
                + org.dsr.bench.fault.FaultCommand.USAGE + "\n"
                + org.dsr.bench.poison.PoisonCommand.USAGE + "\n" + """
                stack options (every command above):
                """ + org.dsr.bench.stack.StackOptions.USAGE + "\n";
    }
}
