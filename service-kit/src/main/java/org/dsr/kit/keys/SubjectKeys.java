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
 * <p>
 * This walking skeleton encrypts identifiers under one shared key per deployment, named by a key id derived from
 * the key; per-request data keys fetched from request-service replace it without changing the event contract
 * ({@link EncryptedIdentifiers#keyId()} then names the request's data key).
 */
@ApplicationScoped
public class SubjectKeys {

    public static final String PSEUDONYM_SECRET_FILE = "pseudonym-secret.key";
    public static final String IDENTIFIER_KEY_FILE = "identifier-encryption.key";

    private final Pseudonymizer pseudonymizer;
    private final SecretKey identifierKey;
    private final String identifierKeyId;

    public SubjectKeys(DsrConfig config) {
        byte[] secret = Base64.getDecoder().decode(
                KeyFiles.readOrCreate(config.keysDir(), PSEUDONYM_SECRET_FILE, SubjectKeys::random256));
        byte[] key = Base64.getDecoder().decode(
                KeyFiles.readOrCreate(config.keysDir(), IDENTIFIER_KEY_FILE, SubjectKeys::random256));
        this.pseudonymizer = new Pseudonymizer(secret);
        this.identifierKey = IdentifierCipher.key(key);
        this.identifierKeyId = "ik-" + Hashes.sha256Hex(key).substring(0, 12);
    }

    public String pseudonym(Identifier identifier) {
        return pseudonymizer.pseudonym(identifier);
    }

    public EncryptedIdentifiers encrypt(List<Identifier> identifiers, String requestId) {
        return IdentifierCipher.encrypt(identifiers, identifierKeyId, identifierKey, requestId);
    }

    /** @throws IllegalArgumentException when the key id is unknown or the ciphertext does not decrypt */
    public List<Identifier> decrypt(EncryptedIdentifiers encrypted, String requestId) {
        if (!identifierKeyId.equals(encrypted.keyId())) {
            throw new IllegalArgumentException("unknown identifier key " + encrypted.keyId());
        }
        return IdentifierCipher.decrypt(encrypted, identifierKey, requestId);
    }

    static String random256() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
