package org.dsr.kit.keys;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import javax.crypto.SecretKey;

import jakarta.enterprise.context.ApplicationScoped;

import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.crypto.IdentifierCipher;
import org.dsr.contracts.crypto.Pseudonymizer;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.Identifier;
import org.dsr.kit.config.DsrConfig;

/**
 * The secrets that protect a subject's identity: the pseudonym secret and the identifier encryption key.
 * Each is read (or created) in the keys directory on first use only, so a service that never derives a pseudonym
 * (an adapter, the connector) never holds the pseudonym secret: request-service is its only holder
 * (docs/security.md "Keys").
 * <p>
 * This walking skeleton encrypts identifiers under one shared key per deployment, named by a key id derived from
 * the key; per-request data keys fetched from request-service replace it without changing the event contract
 * ({@link EncryptedIdentifiers#keyId()} then names the request's data key).
 */
@ApplicationScoped
public class SubjectKeys {

    public static final String PSEUDONYM_SECRET_FILE = "pseudonym-secret.key";
    public static final String IDENTIFIER_KEY_FILE = "identifier-encryption.key";

    private final DsrConfig config;
    private volatile Pseudonymizer pseudonymizer;
    private volatile IdentifierKey identifierKey;

    private record IdentifierKey(SecretKey key, String keyId) {
    }

    public SubjectKeys(DsrConfig config) {
        this.config = config;
    }

    public String pseudonym(Identifier identifier) {
        return pseudonymizer().pseudonym(identifier);
    }

    public EncryptedIdentifiers encrypt(List<Identifier> identifiers, String requestId) {
        IdentifierKey key = identifierKey();
        return IdentifierCipher.encrypt(identifiers, key.keyId(), key.key(), requestId);
    }

    /** @throws IllegalArgumentException when the key id is unknown or the ciphertext does not decrypt */
    public List<Identifier> decrypt(EncryptedIdentifiers encrypted, String requestId) {
        IdentifierKey key = identifierKey();
        if (!key.keyId().equals(encrypted.keyId())) {
            throw new IllegalArgumentException("unknown identifier key " + encrypted.keyId());
        }
        return IdentifierCipher.decrypt(encrypted, key.key(), requestId);
    }

    private Pseudonymizer pseudonymizer() {
        Pseudonymizer loaded = pseudonymizer;
        if (loaded == null) {
            loaded = new Pseudonymizer(Base64.getDecoder().decode(
                    KeyFiles.readOrCreate(config.keysDir(), PSEUDONYM_SECRET_FILE, SubjectKeys::random256)));
            pseudonymizer = loaded;
        }
        return loaded;
    }

    private IdentifierKey identifierKey() {
        IdentifierKey loaded = identifierKey;
        if (loaded == null) {
            byte[] key = Base64.getDecoder().decode(
                    KeyFiles.readOrCreate(config.keysDir(), IDENTIFIER_KEY_FILE, SubjectKeys::random256));
            loaded = new IdentifierKey(IdentifierCipher.key(key), "ik-" + Hashes.sha256Hex(key).substring(0, 12));
            identifierKey = loaded;
        }
        return loaded;
    }

    static String random256() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
