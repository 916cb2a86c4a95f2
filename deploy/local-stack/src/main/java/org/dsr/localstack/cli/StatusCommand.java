package org.dsr.localstack.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.dsr.localstack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./dsr status}. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Pid, port, readiness and log of every component.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every component runs and answers", "3:a component does not run or does not answer"})
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    LocalStackCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean allUp = true;
        for (LocalStack.ComponentStatus s : root.stack().status()) {
            out.println(s.render());
            allUp &= s.ready();
        }
        return allUp ? 0 : LocalStackCli.NOT_ALL_READY;
    }
}
