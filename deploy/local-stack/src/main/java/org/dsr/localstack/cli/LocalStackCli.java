package org.dsr.localstack.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.StackConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command line behind {@code ./dsr} (all but {@code ./dsr bench}, which is the bench module's): one picocli
 * {@code @Command} per subcommand, each with {@code --help}.
 * <p>
 * The repository root comes from {@code -Ddsr.repo.root}, else env {@code DSR_REPO_ROOT}, else the working directory;
 * the state directory from env {@code DSR_HOME}, else {@code <root>/.dsr}.
 */
@Command(
        name = "./dsr",
        mixinStandardHelpOptions = true,
        versionProvider = LocalStackCli.Version.class,
        description = "The local stack without Docker: PostgreSQL, Kafka (KRaft) and the eight services as plain "
                + "processes; state (data, logs, keys, pids) under .dsr/ (docs/local-stack.md).",
        subcommands = {
            UpCommand.class,
            DownCommand.class,
            StatusCommand.class,
            DemoCommand.class,
            LogsCommand.class,
            TokenCommand.class,
            HelpCommand.class
        },
        footerHeading = "%n",
        footer = {
            "Also: ./dsr bench <command>  load benchmark, machine ceilings, fault and poison harnesses, "
                    + "JMH micro-benchmarks (./dsr bench --help; docs/performance.md)",
            "",
            "Environment: DSR_HOME (state directory, default .dsr/), DSR_ONLY_INFRA=1 (same as up --infra-only), "
                    + "DSR_SERVICE_JAVA_OPTS (extra JVM options of every service), DSR_INTAKE_RETENTION "
                    + "(ISO-8601, how long dsr.intake keeps a record; default P1D).",
            "Reset everything: ./dsr down && rm -rf .dsr"
        })
public final class LocalStackCli implements Runnable {

    /** Exit code of {@code status} when a component does not run or does not answer. */
    static final int NOT_ALL_READY = 3;

    private final UnaryOperator<String> env;
    private final String repoRootProperty;
    private StackConfig config;

    @Spec
    CommandSpec spec;

    /** The launcher as {@code ./dsr} runs it: this process's environment and {@code -Ddsr.repo.root}. */
    public LocalStackCli() {
        this(System::getenv, System.getProperty("dsr.repo.root"));
    }

    /** With the environment and repository root given (tests). */
    LocalStackCli(UnaryOperator<String> env, String repoRootProperty) {
        this.env = env;
        this.repoRootProperty = repoRootProperty;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new LocalStackCli()).execute(args));
    }

    /** The command line with the launcher's error handling: a stack failure is one line on stderr and exit code 1. */
    static CommandLine commandLine(LocalStackCli root) {
        CommandLine cli = new CommandLine(root);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof LocalStack.StackException) {
                err.println("dsr: " + e.getMessage());
            } else {
                err.println("dsr: " + e);
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cli;
    }

    /** {@code ./dsr} alone: the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The stack's configuration, from the environment (see the class comment); made once. */
    StackConfig config() {
        if (config == null) {
            String root = repoRootProperty;
            if (root == null || root.isBlank()) {
                root = env.apply("DSR_REPO_ROOT");
            }
            StackConfig c = StackConfig.defaults(Path.of(root == null || root.isBlank() ? "." : root));
            String home = env.apply("DSR_HOME");
            if (home != null && !home.isBlank()) {
                c = c.withBaseDir(Path.of(home));
            }
            config = c;
        }
        return config;
    }

    LocalStack stack() {
        return new LocalStack(config());
    }

    /** An environment variable of the launcher's process. */
    String env(String name) {
        return env.apply(name);
    }

    /** The launcher's version, from the Maven properties its jar carries. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in =
                    LocalStackCli.class.getResourceAsStream("/META-INF/maven/org.dsr/local-stack/pom.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"dsr local stack " + p.getProperty("version", "(not run from its jar)")};
        }
    }
}
