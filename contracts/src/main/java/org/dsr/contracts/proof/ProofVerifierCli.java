package org.dsr.contracts.proof;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar proof-verifier.jar verify <export file> --keys <dir> [--key <file>]...}: exit code 0 when every
 * record verifies, 1 at the first problem, 2 for a usage error.
 */
public final class ProofVerifierCli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: java -jar proof-verifier.jar verify <export file> --keys <dir> [--key <file>]...

              <export file>  what GET /api/v1/completions (or /api/v1/completions/{requestId}) returned:
                             a JSON array of completion records in chain order, or {"records": [...]}
              --keys <dir>   every *.pub file in <dir>: one base64 X.509 Ed25519 public key each; the key id
                             is <file name without .pub>-<first 12 hex of SHA-256 of the key>
              --key <file>   one public key file (may be repeated; combines with --keys)

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
            return usage(out, args.length == 0 ? "no command" : "expected: verify <export file> --keys <dir>");
        }
        Path export = null;
        VerificationKeys.Builder keys = VerificationKeys.builder();
        boolean anyKeySource = false;
        try {
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                if ("--keys".equals(arg) || "--key".equals(arg)) {
                    if (i + 1 >= args.length) {
                        return usage(out, arg + " needs a value");
                    }
                    Path value = Path.of(args[++i]);
                    if ("--keys".equals(arg)) {
                        if (!Files.isDirectory(value)) {
                            return usage(out, "key directory " + value + " does not exist");
                        }
                        keys.directory(value);
                    } else {
                        if (!Files.isRegularFile(value)) {
                            return usage(out, "key file " + value + " does not exist");
                        }
                        keys.file(value);
                    }
                    anyKeySource = true;
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
            return usage(out, "no keys: give --keys <dir> or --key <file>");
        }
        VerificationKeys loaded = keys.build();
        if (loaded.isEmpty()) {
            return usage(out, "no *.pub key files found");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(export);
        } catch (IOException e) {
            return usage(out, "cannot read export file " + export);
        }
        out.println("keys: " + String.join(", ", loaded.keyIds()));
        ProofReport report = new ProofVerifier(loaded).verify(bytes);
        report.lines().forEach(out::println);
        return report.ok() ? OK : FAILED;
    }

    private static int usage(PrintStream out, String problem) {
        out.println("error: " + problem);
        out.println(USAGE_TEXT);
        return USAGE;
    }
}
