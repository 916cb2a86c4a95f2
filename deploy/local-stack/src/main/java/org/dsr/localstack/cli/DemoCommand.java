package org.dsr.localstack.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.dsr.localstack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./dsr demo}. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "up, then say which kind reaches which processor, erase three sample subjects "
                    + "(alice@example.com SE, freja.nielsen@example.dk DK, bjorn.lindqvist@example.se SE), wait for a "
                    + "final status (120 s) and print each completion record."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every request ended and has its completion record", "1:otherwise"})
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    LocalStackCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LocalStack stack = root.stack();
        out.print(stack.up().render());
        out.flush();
        return DemoErasures.run(stack, out, spec.commandLine().getErr());
    }
}
