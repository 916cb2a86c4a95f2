package org.dsr.localstack.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./dsr logs <name>}: the script follows the file; the launcher names it. */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = {
            "Follow a component's log (./dsr runs tail -n 100 -F on it; the launcher alone prints its " + "path)."
        })
final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    LocalStackCli root;

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "<name>",
            description = "postgres, kafka, request-service, erasure-orchestrator, "
                    + "hosting, email-delivery, analytics, payments, connector; also postgres-initdb, kafka-format")
    String name;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(root.config().logFile(name));
        return 0;
    }
}
