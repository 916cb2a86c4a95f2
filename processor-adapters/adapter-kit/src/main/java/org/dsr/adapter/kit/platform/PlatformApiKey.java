package org.dsr.adapter.kit.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;

import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;

/**
 * The key of a sample processor's own API, read once at start from {@code platform-api.key-file}. A presented key is
 * compared in constant time (SHA-256 of both, then {@link MessageDigest#isEqual}, so not even the length leaks). A
 * key file that is named but cannot be read, or holds too short a key, stops the start; none configured leaves the
 * API closed (503): the endpoints act on people's data and are never anonymous.
 */
@Startup
@ApplicationScoped
public class PlatformApiKey {

    public static final String HEADER = "X-Api-Key";
    static final int MINIMUM_LENGTH = 32;

    private final byte[] digest;

    @Inject
    public PlatformApiKey(PlatformApiConfig config) {
        this(config.keyFile());
    }

    public PlatformApiKey(Optional<Path> keyFile) {
        this.digest = keyFile.map(PlatformApiKey::read).map(PlatformApiKey::sha256).orElse(null);
    }

    /** Passes with the right key; otherwise a problem: 503 when no key is configured, 401 for a wrong or no key. */
    public void check(String presented) {
        if (digest == null) {
            throw new ProblemException(Problem.of("platform-api-not-configured", "Service Unavailable", 503,
                    "the platform API has no key configured (platform-api.key-file)", null));
        }
        byte[] given = sha256(presented == null ? "" : presented);
        if (presented == null || presented.isEmpty() || !MessageDigest.isEqual(digest, given)) {
            throw new ProblemException(Problem.of("unauthorized", "Unauthorized", 401,
                    "A valid API key is required in the " + HEADER + " header", null));
        }
    }

    private static String read(Path file) {
        String key;
        try {
            key = Files.readString(file, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            // the path is configuration, not a secret; the content is never named
            throw new IllegalStateException("platform-api.key-file cannot be read (" + e.getClass().getSimpleName()
                    + ")");
        }
        if (key.length() < MINIMUM_LENGTH) {
            throw new IllegalStateException("platform-api.key-file must hold a key of at least " + MINIMUM_LENGTH
                    + " characters");
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
