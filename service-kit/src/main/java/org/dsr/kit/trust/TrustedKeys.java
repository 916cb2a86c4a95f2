package org.dsr.kit.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.arc.Unremovable;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.proof.VerificationKeys;

/**
 * The keys pinned in {@link TrustConfig}, loaded once at start. A key id is {@code <owner>-<fingerprint>}, and an
 * owner's signature is accepted only with the key pinned under that owner's exact name.
 */
@ApplicationScoped
@Unremovable // kept, with its dsr.trust mapping, in a service that checks no signature yet: its pins are still valid
// settings
public class TrustedKeys {

    static final String FILE_PREFIX = "file:";

    private final VerificationKeys keys;
    private final Map<String, VerificationKeys.Key> byOwner;

    @Inject
    public TrustedKeys(TrustConfig config) {
        this(config.keys());
    }

    /** For tests and tools: owner name to base64 public key or {@code file:<path>}. */
    public TrustedKeys(Map<String, String> pinned) {
        VerificationKeys.Builder builder = VerificationKeys.builder();
        Map<String, VerificationKeys.Key> owners = new TreeMap<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(pinned).entrySet()) {
            String owner = entry.getKey();
            PublicKey key = parse(owner, entry.getValue());
            builder.add(owner, key);
            owners.put(
                    owner,
                    new VerificationKeys.Key(
                            VerificationKeys.keyId(owner, key), owner, key, "dsr.trust.keys." + owner));
        }
        this.keys = builder.build();
        this.byOwner = Map.copyOf(owners);
    }

    private static PublicKey parse(String owner, String value) {
        String text = value == null ? "" : value.strip();
        if (text.startsWith(FILE_PREFIX)) {
            Path file = Path.of(text.substring(FILE_PREFIX.length()));
            try {
                text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("dsr.trust.keys." + owner + ": cannot read " + file, e);
            }
        }
        try {
            return Signatures.publicKey(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "dsr.trust.keys." + owner + " is not a base64 X.509 Ed25519 public key (or file: of one)");
        }
    }

    /** Every pinned key, for checks that take a {@link VerificationKeys} (an outcome, a record). */
    public VerificationKeys keys() {
        return keys;
    }

    /** The key pinned for an owner, if any. */
    public Optional<VerificationKeys.Key> of(String owner) {
        return Optional.ofNullable(owner == null ? null : byOwner.get(owner));
    }

    /** The key of an owner, or a start-up failure naming the missing setting. */
    public VerificationKeys.Key require(String owner) {
        return of(owner)
                .orElseThrow(() ->
                        new IllegalStateException("no key pinned for " + owner + ": set dsr.trust.keys." + owner));
    }

    /** The pinned key with this id, if any. */
    public Optional<VerificationKeys.Key> find(String keyId) {
        return keys.find(keyId);
    }
}
