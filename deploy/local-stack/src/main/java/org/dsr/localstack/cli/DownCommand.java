package org.dsr.localstack.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./dsr down}. */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = "Stop everything: SIGTERM to the services (SIGKILL after 20 s), then Kafka, then PostgreSQL "
                + "(fast shutdown). Data, logs and keys stay under .dsr/.")
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    LocalStackCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        root.stack().down();
        spec.commandLine()
                .getOut()
                .println("stopped; data kept in " + root.config().baseDir());
        return 0;
    }
}
