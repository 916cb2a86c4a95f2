package org.dsr.localstack.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.dsr.localstack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./dsr up [--infra-only]}. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Start PostgreSQL, Kafka, the keys and the eight services (the witness among them), the connector last; wait until "
                    + "every service answers ready (180 s). Idempotent: running components are left alone.",
            "./dsr builds what is missing first (./mvnw -B -q -DskipTests package)."
        })
final class UpCommand implements Callable<Integer> {

    @ParentCommand
    LocalStackCli root;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--infra-only",
            description = "PostgreSQL, Kafka and the keys only, no service " + "(also DSR_ONLY_INFRA=1)")
    boolean infraOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean onlyInfra = infraOnly || "1".equals(root.env("DSR_ONLY_INFRA"));
        out.println("starting " + (onlyInfra ? "PostgreSQL and Kafka" : "the local stack") + " in "
                + root.config().baseDir() + " ...");
        out.flush();
        Instant t0 = Instant.now();
        LocalStack stack = root.stack();
        LocalStack.Summary summary = onlyInfra ? stack.upInfra() : stack.up();
        out.print(summary.render());
        out.printf("up in %.1f s%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
        return 0;
    }
}
