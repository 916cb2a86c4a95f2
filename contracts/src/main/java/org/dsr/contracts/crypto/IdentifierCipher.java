package org.dsr.contracts.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.Identifier;

/**
 * AES-256-GCM encryption of a subject's identifiers. The request id is bound as associated data, so a ciphertext
 * copied into another request does not decrypt.
 */
public final class IdentifierCipher {

    public static final String ALGORITHM = "A256GCM";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectReader LIST_READER = Json.MAPPER.readerFor(new TypeReference<List<Identifier>>() {});

    private IdentifierCipher() {}

    public static SecretKey key(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("identifier key must be 32 bytes (AES-256)");
        }
        return new SecretKeySpec(raw.clone(), "AES");
    }

    public static EncryptedIdentifiers encrypt(
            List<Identifier> identifiers, String keyId, SecretKey key, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] plaintext = Json.write(identifiers).getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plaintext);
            Base64.Encoder b64 = Base64.getEncoder();
            return new EncryptedIdentifiers(
                    keyId, ALGORITHM, b64.encodeToString(nonce), b64.encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** @throws IllegalArgumentException when the key is wrong, the data was changed, or the format is unknown */
    public static List<Identifier> decrypt(EncryptedIdentifiers encrypted, SecretKey key, String associatedData) {
        if (!ALGORITHM.equals(encrypted.algorithm())) {
            throw new IllegalArgumentException("unsupported identifier encryption " + encrypted.algorithm());
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, b64.decode(encrypted.nonce())));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] plaintext = cipher.doFinal(b64.decode(encrypted.ciphertext()));
            try {
                return LIST_READER.readValue(plaintext);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("identifiers cannot be decrypted with key " + encrypted.keyId());
        }
    }
}
