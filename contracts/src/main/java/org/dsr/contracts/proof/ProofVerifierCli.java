package org.dsr.contracts.proof;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.dsr.contracts.tlog.InvalidProofException;
import org.dsr.contracts.tlog.NoteKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar proof-verifier.jar verify <file> --key <owner>=<file>... | --keys-file <file> [--allow-unsigned]
 * [--origin <origin>] [--witness <name>=<vkey or file>...] [--require-witnesses <n>]}: a v1 chain export, a v2 proof
 * bundle or a v2 log export, told apart by their content; {@code verify-consistency <older> <newer> <proof>}: two v2
 * checkpoints. Exit code 0 when everything verifies, 1 at the first problem, 2 for a usage error. Only the keys named
 * are trusted, each for exactly the owner it is given for; every outcome must be signed by its processor (or carry a
 * batch proof the processor signed) unless {@code --allow-unsigned}. The options, their descriptions and
 * {@code --help} are picocli's; a usage error prints {@code error: <problem>} and the usage, on the same stream as the
 * report.
 */
@Command(
        name = ProofVerifierCli.NAME,
        synopsisHeading = "usage: ",
        subcommands = {
            ProofVerifierCli.Verify.class,
            ProofVerifierCli.VerifyConsistency.class,
            CommandLine.HelpCommand.class
        },
        description = "Verifies the proof of completed requests offline, from the exported files and the public"
                + " keys alone (docs/proof.md): a v1 chain export, a v2 proof bundle or log export, and the"
                + " consistency of two v2 checkpoints.")
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
        cli.getSubcommands().get("verify-consistency").setOverwrittenOptionsAllowed(true);
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

    /** The keys trusted, each for exactly one owner: --key, --keys-file (and the refused --keys). */
    static final class KeyOptions {

        private record KeySource(boolean keysFile, String value) {}

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

        /** Refused with a reason: it trusted every *.pub file in the directory. */
        @Option(names = "--keys", paramLabel = "<dir>", hidden = true)
        String keysDirectory;

        /** The keys, or a usage problem. */
        Loaded load() {
            if (keysDirectory != null) {
                return Loaded.problem("--keys <dir> is no longer accepted: it trusted every *.pub file in the"
                        + " directory; name each key with --key <owner>=<file>, or list them in --keys-file");
            }
            VerificationKeys.Builder keys = VerificationKeys.builder();
            try {
                for (KeySource source : keySources) {
                    String problem =
                            source.keysFile() ? addKeysFile(keys, source.value()) : addKey(keys, source.value());
                    if (problem != null) {
                        return Loaded.problem(problem);
                    }
                }
            } catch (IllegalArgumentException | UncheckedIOException e) {
                return Loaded.problem(e.getMessage());
            }
            if (keySources.isEmpty()) {
                return Loaded.problem("no keys: give --key <owner>=<file> or --keys-file <file>");
            }
            VerificationKeys loaded = keys.build();
            if (loaded.isEmpty()) {
                return Loaded.problem("the keys file lists no keys");
            }
            return new Loaded(loaded, null);
        }

        record Loaded(VerificationKeys keys, String problem) {
            static Loaded problem(String problem) {
                return new Loaded(null, problem);
            }
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

    /** What a v2 checkpoint is checked against: the log's origin and the witnesses. */
    static final class TrustOptions {

        @Option(
                names = "--origin",
                paramLabel = "<origin>",
                description = {
                    "v2: the log's origin (dsr.log.origin, the first line of its checkpoints); the checkpoint must be of"
                            + " this origin and signed by the orchestrator's key under this name. Without it the origin"
                            + " is read from the checkpoint (the signature must still verify with the orchestrator's key)."
                })
        String origin;

        private final List<String> witnessPins = new ArrayList<>();

        @Option(
                names = "--witness",
                paramLabel = "<name>=<vkey or file>",
                description = {
                    "v2: trust the witness <name> with its C2SP verifier key (<name>+<key id>+<base64>, as the witness"
                            + " publishes it), given inline or in a file. Repeat for each witness."
                })
        void witness(String value) {
            witnessPins.add(value);
        }

        @Option(
                names = "--require-witnesses",
                paramLabel = "<n>",
                description = {
                    "v2: how many of the pinned witnesses must have cosigned the checkpoint (default: every one"
                            + " pinned with --witness; 0 when none is)"
                })
        Integer requireWitnesses;

        /** The trust, or a usage problem (as an IllegalArgumentException). */
        LogVerifier.Trust load() {
            List<NoteKey> witnesses = new ArrayList<>();
            for (String pin : witnessPins) {
                int eq = pin.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--witness " + pin + ": give --witness <name>=<vkey or file>");
                }
                String name = pin.substring(0, eq);
                String value = pin.substring(eq + 1);
                Path file = Path.of(value);
                try {
                    if (Files.isRegularFile(file)) {
                        value = Files.readString(file, StandardCharsets.UTF_8).strip();
                    }
                } catch (IOException | java.nio.file.InvalidPathException e) {
                    throw new IllegalArgumentException("cannot read witness key file " + file);
                } catch (RuntimeException e) {
                    // not a path: the vkey itself
                }
                NoteKey key;
                try {
                    key = LogVerifier.parseVkey(value);
                } catch (InvalidProofException e) {
                    throw new IllegalArgumentException("--witness " + name + ": not a verifier key: " + e.getMessage());
                }
                if (!key.name().equals(name)) {
                    throw new IllegalArgumentException(
                            "--witness " + name + ": the verifier key is named " + key.name() + ", not " + name);
                }
                witnesses.add(key);
            }
            int required = requireWitnesses == null ? witnesses.size() : requireWitnesses;
            if (required < 0 || required > witnesses.size()) {
                throw new IllegalArgumentException("--require-witnesses " + required + ": only " + witnesses.size()
                        + " witness" + (witnesses.size() == 1 ? " is" : "es are") + " pinned with --witness");
            }
            return new LogVerifier.Trust(Optional.ofNullable(origin), witnesses, required);
        }
    }

    @Command(
            name = "verify",
            synopsisHeading = "usage: ",
            descriptionHeading = "%n",
            optionListHeading = "%n",
            sortOptions = false,
            description = {
                "Verifies a file of the proof, told apart by its content:",
                "- a v1 chain export (a JSON array of records): every record in chain order: canonical bytes, the"
                        + " orchestrator's signature, the hash link to the record before, the sequence, and every"
                        + " outcome's processor signature;",
                "- a v2 proof bundle (format dsr.proof-bundle.v2): the checkpoint's signature and cosignatures, the"
                        + " record (as above, with every outcome's batch proof), and its inclusion in the checkpoint's"
                        + " tree;",
                "- a v2 log export (NDJSON, format dsr.completion-log.v2): the checkpoint, every record as the leaf at"
                        + " its index, and that the records make a tree consistent with the checkpoint (a truncated or"
                        + " edited export fails). Read line by line, in flat memory.",
                "Stops at the first problem."
            },
            footerHeading = "%n",
            footer = {
                "The key id is <owner>-<first 12 hex of SHA-256 of the key>. A directory"
                        + " of keys is not accepted (--keys <dir>): it would trust whatever *.pub file someone put "
                        + "there. The checkpoint's note key is the orchestrator's key named as the log's origin."
            },
            exitCodeListHeading = "%nexit codes:%n",
            exitCodeList = {"0:verified", "1:a record or the checkpoint failed verification", "2:usage error"})
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "this help")
        boolean help;

        @Parameters(
                index = "0",
                paramLabel = "<file>",
                description = {
                    "v1: what GET /api/v1/completions (or /api/v1/completions/{requestId}) returned, a JSON array of"
                            + " completion records in chain order, or {\"records\": [...]}; v2: what"
                            + " GET /api/v1/completions/{requestId}/bundle or GET /api/v1/log/export returned"
                })
        Path export;

        @Mixin
        KeyOptions keyOptions = new KeyOptions();

        @Option(
                names = "--allow-unsigned",
                description = {
                    "lenient: an unsigned outcome (an operator's "
                            + "hand-recorded resolution), or one whose processor key was not given, is a warning; strict (the "
                            + "default) fails it"
                })
        boolean allowUnsigned;

        @Mixin
        TrustOptions trustOptions = new TrustOptions();

        @Override
        public Integer call() {
            CommandLine cli = spec.commandLine();
            PrintWriter out = cli.getOut();
            KeyOptions.Loaded loaded = keyOptions.load();
            if (loaded.problem() != null) {
                return usage(cli, loaded.problem());
            }
            LogVerifier.Trust trust;
            try {
                trust = trustOptions.load();
            } catch (IllegalArgumentException e) {
                return usage(cli, e.getMessage());
            }
            String kind;
            try {
                kind = kind(export);
            } catch (IOException e) {
                return usage(cli, "cannot read export file " + export);
            }
            ProofVerifier.Mode mode = allowUnsigned ? ProofVerifier.Mode.LENIENT : ProofVerifier.Mode.STRICT;
            out.println("keys: " + String.join(", ", loaded.keys().keyIds()));
            out.println("mode: "
                    + (mode == ProofVerifier.Mode.STRICT
                            ? "strict (every outcome must be signed by its" + " processor)"
                            : "lenient (--allow-unsigned: unsigned outcomes are warnings)"));
            if (kind.equals(LogVerifier.BUNDLE_FORMAT) || kind.equals(LogVerifier.EXPORT_FORMAT)) {
                out.println("file: " + (kind.equals(LogVerifier.BUNDLE_FORMAT) ? "v2 proof bundle" : "v2 log export")
                        + "; witnesses pinned: "
                        + (trust.witnesses().isEmpty()
                                ? "none"
                                : trust.witnesses().stream().map(NoteKey::name).toList() + ", "
                                        + trust.requiredWitnesses() + " required"));
                LogVerifier verifier = new LogVerifier(loaded.keys(), mode, trust);
                LogReport report;
                try {
                    if (kind.equals(LogVerifier.BUNDLE_FORMAT)) {
                        report = verifier.verifyBundle(Files.readAllBytes(export));
                    } else {
                        try (InputStream in = Files.newInputStream(export)) {
                            report = verifier.verifyExport(in);
                        }
                    }
                } catch (IOException e) {
                    return usage(cli, "cannot read export file " + export);
                }
                report.lines().forEach(out::println);
                return report.ok() ? OK : FAILED;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(export);
            } catch (IOException e) {
                return usage(cli, "cannot read export file " + export);
            }
            ProofReport report = new ProofVerifier(loaded.keys(), mode).verify(bytes);
            report.lines().forEach(out::println);
            return report.ok() ? OK : FAILED;
        }
    }

    /**
     * The format of a file: {@value LogVerifier#BUNDLE_FORMAT}, {@value LogVerifier#EXPORT_FORMAT}, or "v1" (a JSON
     * array, or an object without such a format). Reads the first JSON object's top-level members only.
     */
    static String kind(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file);
                JsonParser parser = new JsonFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return "v1";
            }
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                if ("format".equals(field) && value == JsonToken.VALUE_STRING) {
                    String format = parser.getText();
                    return format.equals(LogVerifier.BUNDLE_FORMAT) || format.equals(LogVerifier.EXPORT_FORMAT)
                            ? format
                            : "v1";
                }
                parser.skipChildren();
            }
            return "v1";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "v1";
        }
    }

    @Command(
            name = "verify-consistency",
            synopsisHeading = "usage: ",
            descriptionHeading = "%n",
            optionListHeading = "%n",
            sortOptions = false,
            description = {
                "Verifies that the log only grew between two v2 checkpoints: both are signed by the orchestrator's key"
                        + " under the log's origin (and cosigned by the pinned witnesses required), and the"
                        + " consistency proof leads from the older root to the newer. Two checkpoints of one size"
                        + " with different roots, or a proof that does not verify, mean two versions of the log."
            },
            exitCodeListHeading = "%nexit codes:%n",
            exitCodeList = {"0:consistent", "1:not consistent, or a checkpoint failed verification", "2:usage error"})
    static final class VerifyConsistency implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "this help")
        boolean help;

        @Parameters(
                index = "0",
                paramLabel = "<older checkpoint>",
                description = "a checkpoint note as GET /api/v1/log/checkpoint returned it")
        Path older;

        @Parameters(index = "1", paramLabel = "<newer checkpoint>", description = "a later checkpoint note")
        Path newer;

        @Parameters(
                index = "2",
                paramLabel = "<proof>",
                description = "what GET /api/v1/log/proofs/consistency?from=<older size>&to=<newer size> returned:"
                        + " {\"from\":m,\"to\":n,\"proof\":[base64...]}")
        Path proof;

        @Mixin
        KeyOptions keyOptions = new KeyOptions();

        @Mixin
        TrustOptions trustOptions = new TrustOptions();

        @Override
        public Integer call() {
            CommandLine cli = spec.commandLine();
            PrintWriter out = cli.getOut();
            KeyOptions.Loaded loaded = keyOptions.load();
            if (loaded.problem() != null) {
                return usage(cli, loaded.problem());
            }
            LogVerifier.Trust trust;
            try {
                trust = trustOptions.load();
            } catch (IllegalArgumentException e) {
                return usage(cli, e.getMessage());
            }
            String olderNote;
            String newerNote;
            byte[] proofBytes;
            try {
                olderNote = Files.readString(older, StandardCharsets.UTF_8);
                newerNote = Files.readString(newer, StandardCharsets.UTF_8);
                proofBytes = Files.readAllBytes(proof);
            } catch (IOException e) {
                return usage(cli, "cannot read " + older + ", " + newer + " or " + proof + " (UTF-8 files)");
            }
            out.println("keys: " + String.join(", ", loaded.keys().keyIds()));
            LogReport report = new LogVerifier(loaded.keys(), ProofVerifier.Mode.STRICT, trust)
                    .verifyConsistency(olderNote, newerNote, proofBytes);
            report.lines().forEach(out::println);
            return report.ok() ? OK : FAILED;
        }
    }
}
