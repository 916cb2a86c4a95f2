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

    /** One loaded key: its id, the owner named by its file, and where it came from. */
    public record Key(String keyId, String owner, PublicKey publicKey, String source) {
    }

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

    /** Every {@code *.pub} file of a directory. */
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
        return byId.values().stream().filter(k -> k.keyId().endsWith("-" + suffix)).findFirst();
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

        /** One key file; the owner is the file name without {@code .pub} (or without its extension). */
        private final java.util.List<String> skipped = new java.util.ArrayList<>();

        public Builder file(Path file) {
            String name = file.getFileName().toString();
            String owner = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length())
                    : name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            String text;
            try {
                text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read key file " + file, e);
            }
            try {
                return add(owner, Signatures.publicKey(text), file.toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key file " + file + " does not hold a base64 X.509 Ed25519 public key");
            }
        }

        /**
         * Every Ed25519 {@code *.pub} in the directory. Other public keys that live beside them (the local token
         * issuer's RSA key, say) are passed over: they sign nothing a proof holds.
         */
        public Builder directory(Path dir) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f)).sorted()
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
