package org.dsr.contracts.proof;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar proof-verifier.jar verify <export file> --key <owner>=<file>... | --keys-file <file>
 * [--allow-unsigned]}: exit code 0 when every record verifies, 1 at the first problem, 2 for a usage error. Only the
 * keys named are trusted, each for exactly the owner it is given for; every outcome must be signed by its processor
 * unless {@code --allow-unsigned}.
 */
public final class ProofVerifierCli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: java -jar proof-verifier.jar verify <export file> (--key <owner>=<file> | --keys-file <file>)...
                       [--allow-unsigned]

              <export file>       what GET /api/v1/completions (or /api/v1/completions/{requestId}) returned:
                                  a JSON array of completion records in chain order, or {"records": [...]}
              --key <owner>=<file>  trust the base64 X.509 Ed25519 public key in <file> for <owner> (orchestrator,
                                  or a processor's name), and for nothing else; a file named <name>.pub must be
                                  named for <owner>. --key <owner>.pub is short for --key <owner>=<owner>.pub.
                                  Repeat for each key: the orchestrator's and every processor's.
              --keys-file <file>  one <owner>=<base64 key or file:path> per line (dsr.trust.keys.<owner>=... as in
                                  a service's configuration is read too)
              --allow-unsigned    lenient: an unsigned outcome (an operator's hand-recorded resolution), or one
                                  whose processor key was not given, is a warning; strict (the default) fails it

            The key id is <owner>-<first 12 hex of SHA-256 of the key>. A directory of keys is not accepted: it
            would trust whatever *.pub file someone put there.

            exit codes: 0 verified, 1 a record failed verification, 2 usage error""";

    private ProofVerifierCli() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(run(args, out));
    }

    /** Runs the command line and returns its exit code; never exits the JVM. */
    public static int run(String[] args, PrintStream out) {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]) || "help".equals(args[0]))) {
            out.println(USAGE_TEXT);
            return OK;
        }
        if (args.length < 2 || !"verify".equals(args[0])) {
            return usage(out, args.length == 0 ? "no command"
                    : "expected: verify <export file> --key <owner>=<file>");
        }
        Path export = null;
        VerificationKeys.Builder keys = VerificationKeys.builder();
        ProofVerifier.Mode mode = ProofVerifier.Mode.STRICT;
        boolean anyKeySource = false;
        try {
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                if ("--keys".equals(arg)) {
                    return usage(out, "--keys <dir> is no longer accepted: it trusted every *.pub file in the"
                            + " directory; name each key with --key <owner>=<file>, or list them in --keys-file");
                } else if ("--key".equals(arg) || "--keys-file".equals(arg)) {
                    if (i + 1 >= args.length) {
                        return usage(out, arg + " needs a value");
                    }
                    String value = args[++i];
                    if ("--keys-file".equals(arg)) {
                        Path file = Path.of(value);
                        if (!Files.isRegularFile(file)) {
                            return usage(out, "keys file " + file + " does not exist");
                        }
                        keys.keysFile(file);
                    } else {
                        int eq = value.indexOf('=');
                        Path file = Path.of(eq < 0 ? value : value.substring(eq + 1));
                        String name = file.getFileName() == null ? "" : file.getFileName().toString();
                        if (eq < 0 && !name.endsWith(VerificationKeys.SUFFIX)) {
                            return usage(out, "--key " + value + ": give the owner, --key <owner>=" + value);
                        }
                        String owner = eq < 0 ? name.substring(0, name.length() - VerificationKeys.SUFFIX.length())
                                : value.substring(0, eq);
                        if (!Files.isRegularFile(file)) {
                            return usage(out, "key file " + file + " does not exist");
                        }
                        keys.pinned(owner, file);
                    }
                    anyKeySource = true;
                } else if ("--allow-unsigned".equals(arg)) {
                    mode = ProofVerifier.Mode.LENIENT;
                } else if (arg.startsWith("-")) {
                    return usage(out, "unknown option " + arg);
                } else if (export == null) {
                    export = Path.of(arg);
                } else {
                    return usage(out, "more than one export file");
                }
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return usage(out, e.getMessage());
        }
        if (export == null) {
            return usage(out, "no export file");
        }
        if (!anyKeySource) {
            return usage(out, "no keys: give --key <owner>=<file> or --keys-file <file>");
        }
        VerificationKeys loaded = keys.build();
        if (loaded.isEmpty()) {
            return usage(out, "the keys file lists no keys");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(export);
        } catch (IOException e) {
            return usage(out, "cannot read export file " + export);
        }
        out.println("keys: " + String.join(", ", loaded.keyIds()));
        out.println("mode: " + (mode == ProofVerifier.Mode.STRICT ? "strict (every outcome must be signed by its"
                + " processor)" : "lenient (--allow-unsigned: unsigned outcomes are warnings)"));
        ProofReport report = new ProofVerifier(loaded, mode).verify(bytes);
        report.lines().forEach(out::println);
        return report.ok() ? OK : FAILED;
    }

    private static int usage(PrintStream out, String problem) {
        out.println("error: " + problem);
        out.println(USAGE_TEXT);
        return USAGE;
    }
}
