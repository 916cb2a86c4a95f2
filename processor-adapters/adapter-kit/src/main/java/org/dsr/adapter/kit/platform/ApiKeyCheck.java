package org.dsr.adapter.kit.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;

/**
 * One API key read once from a file (its first line, trimmed) and the check of a presented key against it, in constant
 * time: SHA-256 of both, then {@link MessageDigest#isEqual}, so not even the length leaks. A file that is named but
 * cannot be read, or holds a key shorter than {@value #MINIMUM_LENGTH} characters, stops the start with a message that
 * names the setting, never the content; no file leaves the API closed (503).
 */
public final class ApiKeyCheck {

    public static final String HEADER = "X-Api-Key";
    static final int MINIMUM_LENGTH = 32;

    private final byte[] digest;
    private final String notConfiguredType;
    private final String notConfiguredDetail;

    /**
     * @param setting the key file's setting, named in start-up errors
     * @param notConfiguredType the problem type answered (503) while no key file is configured
     * @param notConfiguredDetail that problem's detail
     */
    public ApiKeyCheck(Optional<Path> keyFile, String setting, String notConfiguredType, String notConfiguredDetail) {
        this.digest = keyFile.map(file -> read(file, setting))
                .map(ApiKeyCheck::sha256)
                .orElse(null);
        this.notConfiguredType = notConfiguredType;
        this.notConfiguredDetail = notConfiguredDetail;
    }

    /** Passes with the right key; otherwise a problem: 503 when no key is configured, 401 for a wrong or no key. */
    public void check(String presented) {
        if (digest == null) {
            throw new ProblemException(
                    Problem.of(notConfiguredType, "Service Unavailable", 503, notConfiguredDetail, null));
        }
        byte[] given = sha256(presented == null ? "" : presented);
        if (presented == null || presented.isEmpty() || !MessageDigest.isEqual(digest, given)) {
            throw new ProblemException(Problem.of(
                    "unauthorized",
                    "Unauthorized",
                    401,
                    "A valid API key is required in the " + HEADER + " header",
                    null));
        }
    }

    private static String read(Path file, String setting) {
        String key;
        try {
            key = Files.readString(file, StandardCharsets.UTF_8)
                    .strip()
                    .lines()
                    .findFirst()
                    .orElse("")
                    .strip();
        } catch (IOException e) {
            // the path is configuration, not a secret; the content is never named
            throw new IllegalStateException(
                    setting + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (key.length() < MINIMUM_LENGTH) {
            throw new IllegalStateException(setting + " must hold a key of at least " + MINIMUM_LENGTH + " characters");
        }
        return key;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
