package org.dsr.bench.stack;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The stack options every bench command takes, as a picocli argument group: {@code --state-dir DIR},
 * {@code --random-ports}, {@code --down}. {@link #options()} resolves them into {@link StackOptions}.
 */
public final class StackArgs {

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "stack state directory (default $DSR_HOME or <repo>/.dsr)")
    Path stateDir;

    @Option(
            names = "--random-ports",
            description = "free ports instead of 8080-8085/19092/15432 (remembered in " + "DIR/"
                    + StackOptions.PORTS_FILE + ")")
    boolean randomPorts;

    @Option(names = "--down", description = "stop the whole stack (services, Kafka, PostgreSQL) when done")
    boolean down;

    /** The options of {@code group}, which picocli leaves null when none of them was given. */
    public static StackOptions options(StackArgs group) {
        return group == null
                ? StackOptions.of(null, false, false)
                : StackOptions.of(group.stateDir, group.randomPorts, group.down);
    }
}
