package org.dsr.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/** Entry point behind {@code ./bench}: one subcommand per harness. */
public final class BenchCli {

    private static final Map<String, Consumer<String[]>> COMMANDS = Map.of();

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
                """;
    }
}
