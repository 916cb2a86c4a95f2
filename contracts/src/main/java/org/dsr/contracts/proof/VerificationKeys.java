package org.dsr.contracts.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.crypto.Signatures;

/**
 * The public keys a proof is verified with. A key file {@code <owner>.pub} holds one base64 X.509 Ed25519 public
 * key; its key id is {@code <owner>-<first 12 hex of SHA-256 of the DER key>}, the id its owner puts in
 * {@code signature.keyId} (the orchestrator's {@code orchestrator.pub} gives {@code orchestrator-86475839a581}).
 */
public final class VerificationKeys {

    public static final String SUFFIX = ".pub";

    /** The prefix a service's configuration pins a key under; a keys file may use it. */
    public static final String TRUST_PREFIX = "dsr.trust.keys.";

    private static final java.util.regex.Pattern OWNER_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** One loaded key: its id, the owner named by its file, and where it came from. */
    public record Key(String keyId, String owner, PublicKey publicKey, String source) {}

    private final Map<String, Key> byId;

    private VerificationKeys(Map<String, Key> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** The key id of a public key owned by {@code owner}: the derivation the orchestrator's SigningKeys uses. */
    public static String keyId(String owner, PublicKey key) {
        return owner + "-" + fingerprint(key);
    }

    /** First 12 hex characters of the SHA-256 of the DER (X.509) encoding. */
    public static String fingerprint(PublicKey key) {
        return Hashes.sha256Hex(key.getEncoded()).substring(0, 12);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every {@code *.pub} file of a directory, each trusted for the owner its file name says. Whoever can write to
     * the directory chooses what is trusted: the offline verifier no longer offers it (name each key with
     * {@link Builder#pinned} or list them with {@link Builder#keysFile}).
     */
    public static VerificationKeys fromDirectory(Path dir) {
        return builder().directory(dir).build();
    }

    public Optional<Key> find(String keyId) {
        return Optional.ofNullable(keyId == null ? null : byId.get(keyId));
    }

    /** A loaded key with the same fingerprint as {@code keyId}'s suffix, to explain a mismatching file name. */
    Optional<Key> sameFingerprint(String keyId) {
        if (keyId == null || keyId.length() < 13) {
            return Optional.empty();
        }
        String suffix = keyId.substring(keyId.length() - 12);
        return byId.values().stream()
                .filter(k -> k.keyId().endsWith("-" + suffix))
                .findFirst();
    }

    /** The keys given for exactly {@code owner}, in the order given. */
    public List<Key> ownedBy(String owner) {
        return byId.values().stream().filter(k -> k.owner().equals(owner)).toList();
    }

    public List<String> keyIds() {
        return List.copyOf(byId.keySet());
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public static final class Builder {
        private final Map<String, Key> keys = new LinkedHashMap<>();

        public Builder add(String owner, PublicKey key) {
            return add(owner, key, owner + SUFFIX);
        }

        private Builder add(String owner, PublicKey key, String source) {
            String id = keyId(owner, key);
            keys.putIfAbsent(id, new Key(id, owner, key, source));
            return this;
        }

        private final java.util.List<String> skipped = new java.util.ArrayList<>();

        /**
         * One key file trusted for exactly {@code owner}. A file named {@code <name>.pub} must be named for that
         * owner: {@code hosting.pub} given as the orchestrator's key is refused (a swapped or mistaken file).
         */
        public Builder pinned(String owner, Path file) {
            requireOwnerName(owner);
            String name = file.getFileName().toString();
            if (name.endsWith(SUFFIX) && !name.equals(owner + SUFFIX)) {
                throw new IllegalArgumentException("key file " + name + " is named for "
                        + name.substring(0, name.length() - SUFFIX.length()) + ", not for " + owner);
            }
            return add(owner, readKey(file), file.toString());
        }

        /**
         * A keys file: one {@code <owner>=<key>} per line ({@code dsr.trust.keys.<owner>=<key>}, as a service's
         * configuration pins it, is read the same), the key the base64 X.509 Ed25519 public key itself or
         * {@code file:<path>} (relative to the keys file's directory, named as {@link #pinned} requires); blank lines
         * and lines starting with {@code #} are skipped.
         */
        public Builder keysFile(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read keys file " + file, e);
            }
            int number = 0;
            for (String raw : lines) {
                number++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "keys file " + file + " line " + number + ": expected <owner>=<base64 key or file:path>");
                }
                String owner = line.substring(0, eq).strip();
                if (owner.startsWith(TRUST_PREFIX)) {
                    owner = owner.substring(TRUST_PREFIX.length());
                }
                String value = line.substring(eq + 1).strip();
                if (value.startsWith("file:")) {
                    Path base = file.toAbsolutePath().getParent();
                    pinned(owner, base.resolve(value.substring("file:".length())));
                } else {
                    requireOwnerName(owner);
                    try {
                        add(owner, Signatures.publicKey(value), file + " line " + number);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                "keys file " + file + " line " + number + ": not a base64 X.509 Ed25519 public key");
                    }
                }
            }
            return this;
        }

        private static void requireOwnerName(String owner) {
            if (owner == null || !OWNER_NAME.matcher(owner).matches()) {
                throw new IllegalArgumentException("key owner '" + owner
                        + "' is not a service or processor name (lower-case letters, digits and dashes)");
            }
        }

        private static PublicKey readKey(Path file) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read key file " + file, e);
            }
            try {
                return Signatures.publicKey(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "key file " + file + " does not hold a base64 X.509 Ed25519 public key");
            }
        }

        /** One key file; the owner is the file name without {@code .pub} (or without its extension). */
        public Builder file(Path file) {
            String name = file.getFileName().toString();
            String owner = name.endsWith(SUFFIX)
                    ? name.substring(0, name.length() - SUFFIX.length())
                    : name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            return add(owner, readKey(file), file.toString());
        }

        /**
         * Every Ed25519 {@code *.pub} in the directory. Other public keys that live beside them (the local token
         * issuer's RSA key, say) are passed over: they sign nothing a proof holds.
         */
        public Builder directory(Path dir) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f))
                        .sorted()
                        .forEach(f -> {
                            try {
                                file(f);
                            } catch (IllegalArgumentException notEd25519) {
                                skipped.add(f.getFileName().toString());
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list key directory " + dir, e);
            }
            return this;
        }

        /** Files of a directory that were not Ed25519 public keys. */
        public java.util.List<String> skipped() {
            return java.util.List.copyOf(skipped);
        }

        public VerificationKeys build() {
            return new VerificationKeys(new LinkedHashMap<>(keys));
        }
    }
}
