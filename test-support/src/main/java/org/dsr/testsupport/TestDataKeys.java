package org.dsr.testsupport;

import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.dsr.contracts.crypto.IdentifierCipher;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.Identifier;

/**
 * Per-request data keys as request-service mints them (key id {@code dk-<uuid>}, 256 random bits), and a subject's
 * identifiers encrypted under one with the request id as associated data, as request-service encrypts them at intake.
 */
public final class TestDataKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestDataKeys() {}

    /** @param raw the 32 bytes of the AES-256 key */
    public record DataKey(String keyId, UUID requestId, byte[] raw) {

        public SecretKey key() {
            return IdentifierCipher.key(raw);
        }

        public EncryptedIdentifiers encrypt(List<Identifier> identifiers) {
            return IdentifierCipher.encrypt(identifiers, keyId, key(), requestId.toString());
        }
    }

    /** A new data key of the request. */
    public static DataKey mint(UUID requestId) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return new DataKey("dk-" + UUID.randomUUID(), requestId, raw);
    }

    /** The identifiers under a new data key of the request that nobody keeps (for services that never decrypt). */
    public static EncryptedIdentifiers encrypt(List<Identifier> identifiers, UUID requestId) {
        return mint(requestId).encrypt(identifiers);
    }
}
