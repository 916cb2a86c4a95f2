package org.dsr.contracts.proof;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar proof-verifier.jar verify <export file> --key <owner>=<file>... | --keys-file <file>
 * [--allow-unsigned]}: exit code 0 when every record verifies, 1 at the first problem, 2 for a usage error. Only the
 * keys named are trusted, each for exactly the owner it is given for; every outcome must be signed by its processor
 * unless {@code --allow-unsigned}. The options, their descriptions and {@code --help} are picocli's; a usage error
 * prints {@code error: <problem>} and the usage, on the same stream as the report.
 */
@Command(
        name = ProofVerifierCli.NAME,
        synopsisHeading = "usage: ",
        subcommands = {ProofVerifierCli.Verify.class, CommandLine.HelpCommand.class},
        description = "Verifies an export of completion records offline, from the "
                + "exported file and the public keys alone (docs/proof.md).")
public final class ProofVerifierCli implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String NAME = "java -jar proof-verifier.jar";

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "this help")
    boolean help;

    private ProofVerifierCli() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(run(args, out));
    }

    /** Runs the command line and returns its exit code; never exits the JVM. */
    public static int run(String[] args, PrintStream out) {
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        try {
            return commandLine(writer).execute(args);
        } finally {
            writer.flush();
        }
    }

    /** The configured command line, printing help, errors and the report to {@code out}. */
    static CommandLine commandLine(PrintWriter out) {
        CommandLine cli = new CommandLine(new ProofVerifierCli());
        cli.setOut(out);
        cli.setErr(out);
        cli.getSubcommands().get("verify").setOverwrittenOptionsAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine at = e.getCommandLine();
            at.getErr().println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, at.getErr());
            at.usage(at.getErr());
            return USAGE;
        });
        return cli;
    }

    /** No command: the usage of {@code verify}, the only one. */
    @Override
    public Integer call() {
        return usage(spec.subcommands().get("verify"), "no command");
    }

    private static int usage(CommandLine command, String problem) {
        command.getErr().println("error: " + problem);
        command.usage(command.getErr());
        return USAGE;
    }

    @Command(
            name = "verify",
            synopsisHeading = "usage: ",
            descriptionHeading = "%n",
            optionListHeading = "%n",
            sortOptions = false,
            description = "Verifies every record of the export in chain order: canonical bytes, the orchestrator's "
                    + "signature, the hash link to the record before, the sequence, and every outcome's processor "
                    + "signature. Stops at the first problem.",
            footerHeading = "%n",
            footer = {
                "The key id is <owner>-<first 12 hex of SHA-256 of the key>. A directory"
                        + " of keys is not accepted (--keys <dir>): it would trust whatever *.pub file someone put "
                        + "there."
            },
            exitCodeListHeading = "%nexit codes:%n",
            exitCodeList = {"0:verified", "1:a record failed verification", "2:usage error"})
    static final class Verify implements Callable<Integer> {

        private record KeySource(boolean keysFile, String value) {}

        @Spec
        CommandSpec spec;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "this help")
        boolean help;

        @Parameters(
                index = "0",
                paramLabel = "<export file>",
                description = {
                    "what GET /api/v1/completions (or "
                            + "/api/v1/completions/{requestId}) returned: a JSON array of completion records in chain order, "
                            + "or {\"records\": [...]}"
                })
        Path export;

        /** --key and --keys-file in the order given, read in that order. */
        private final List<KeySource> keySources = new ArrayList<>();

        @Option(
                names = "--key",
                paramLabel = "<owner>=<file>",
                description = {
                    "trust the base64 X.509 Ed25519 "
                            + "public key in <file> for <owner> (orchestrator, or a processor's name), and for nothing else; a "
                            + "file named <name>.pub must be named for <owner>. --key <owner>.pub is short for --key "
                            + "<owner>=<owner>.pub. Repeat for each key: the orchestrator's and every processor's."
                })
        void key(String value) {
            keySources.add(new KeySource(false, value));
        }

        @Option(
                names = "--keys-file",
                paramLabel = "<file>",
                description = {
                    "one <owner>=<base64 key or "
                            + "file:path> per line (dsr.trust.keys.<owner>=... as in a service's configuration is read too)"
                })
        void keysFile(String value) {
            keySources.add(new KeySource(true, value));
        }

        @Option(
                names = "--allow-unsigned",
                description = {
                    "lenient: an unsigned outcome (an operator's "
                            + "hand-recorded resolution), or one whose processor key was not given, is a warning; strict (the "
                            + "default) fails it"
                })
        boolean allowUnsigned;

        /** Refused with a reason: it trusted every *.pub file in the directory. */
        @Option(names = "--keys", paramLabel = "<dir>", hidden = true)
        String keysDirectory;

        @Override
        public Integer call() {
            CommandLine cli = spec.commandLine();
            PrintWriter out = cli.getOut();
            if (keysDirectory != null) {
                return usage(
                        cli,
                        "--keys <dir> is no longer accepted: it trusted every *.pub file in the"
                                + " directory; name each key with --key <owner>=<file>, or list them in --keys-file");
            }
            VerificationKeys.Builder keys = VerificationKeys.builder();
            try {
                for (KeySource source : keySources) {
                    String problem =
                            source.keysFile() ? addKeysFile(keys, source.value()) : addKey(keys, source.value());
                    if (problem != null) {
                        return usage(cli, problem);
                    }
                }
            } catch (IllegalArgumentException | UncheckedIOException e) {
                return usage(cli, e.getMessage());
            }
            if (keySources.isEmpty()) {
                return usage(cli, "no keys: give --key <owner>=<file> or --keys-file <file>");
            }
            VerificationKeys loaded = keys.build();
            if (loaded.isEmpty()) {
                return usage(cli, "the keys file lists no keys");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(export);
            } catch (IOException e) {
                return usage(cli, "cannot read export file " + export);
            }
            ProofVerifier.Mode mode = allowUnsigned ? ProofVerifier.Mode.LENIENT : ProofVerifier.Mode.STRICT;
            out.println("keys: " + String.join(", ", loaded.keyIds()));
            out.println("mode: "
                    + (mode == ProofVerifier.Mode.STRICT
                            ? "strict (every outcome must be signed by its" + " processor)"
                            : "lenient (--allow-unsigned: unsigned outcomes are warnings)"));
            ProofReport report = new ProofVerifier(loaded, mode).verify(bytes);
            report.lines().forEach(out::println);
            return report.ok() ? OK : FAILED;
        }

        /** Adds one {@code --keys-file}; the problem, or null. */
        private static String addKeysFile(VerificationKeys.Builder keys, String value) {
            Path file = Path.of(value);
            if (!Files.isRegularFile(file)) {
                return "keys file " + file + " does not exist";
            }
            keys.keysFile(file);
            return null;
        }

        /** Adds one {@code --key <owner>=<file>} or {@code --key <owner>.pub}; the problem, or null. */
        private static String addKey(VerificationKeys.Builder keys, String value) {
            int eq = value.indexOf('=');
            Path file = Path.of(eq < 0 ? value : value.substring(eq + 1));
            String name = file.getFileName() == null ? "" : file.getFileName().toString();
            if (eq < 0 && !name.endsWith(VerificationKeys.SUFFIX)) {
                return "--key " + value + ": give the owner, --key <owner>=" + value;
            }
            String owner = eq < 0
                    ? name.substring(0, name.length() - VerificationKeys.SUFFIX.length())
                    : value.substring(0, eq);
            if (!Files.isRegularFile(file)) {
                return "key file " + file + " does not exist";
            }
            keys.pinned(owner, file);
            return null;
        }
    }
}
