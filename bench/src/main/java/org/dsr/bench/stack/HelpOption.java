package org.dsr.bench.stack;

import picocli.CommandLine.Option;

/** {@code -h, --help} on every bench command (a picocli mixin). */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "this help")
    boolean help;
}
