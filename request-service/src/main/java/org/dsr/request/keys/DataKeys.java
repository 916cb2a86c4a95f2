package org.dsr.request.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import jakarta.enterprise.context.ApplicationScoped;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.keys.KeyFiles;

/**
 * Envelope encryption of identifiers: a fresh AES-256 data key per request, kept only wrapped (AES-GCM) under the
 * key-encryption key. Destroying the wrapped key makes every copy of the request's ciphertext unreadable.
 */
@ApplicationScoped
public class DataKeys {

    public static final String KEK_FILE = "data-key-kek.key";
    public static final String KEY_ID_PREFIX = "dk-";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey kek;
    private final String kekId;

    public DataKeys(DsrConfig dsr, DataKeyConfig config) {
        String encoded = config.kek()
                .filter(s -> !s.isBlank())
                .orElseGet(() -> KeyFiles.readOrCreate(dsr.keysDir(), KEK_FILE, DataKeys::random256));
        byte[] raw = Base64.getDecoder().decode(encoded.strip());
        if (raw.length != 32) {
            throw new IllegalStateException("the key-encryption key must be 32 bytes (AES-256)");
        }
        this.kek = new SecretKeySpec(raw, "AES");
        this.kekId = "kek-" + Hashes.sha256Hex(raw).substring(0, 12);
        Arrays.fill(raw, (byte) 0);
    }

    /** A new data key: the raw key (to encrypt with now, then forget) and its wrapped row. */
    public record NewKey(String keyId, SecretKey key, DataKey row) {}

    public NewKey generate(UUID requestId, java.time.Instant now) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String keyId = KEY_ID_PREFIX + UUID.randomUUID();
        DataKey row = new DataKey();
        row.keyId = keyId;
        row.requestId = requestId;
        row.kekId = kekId;
        row.wrappedKey = wrap(keyId, raw);
        row.createdAt = now;
        SecretKey key = new SecretKeySpec(raw, "AES");
        Arrays.fill(raw, (byte) 0);
        return new NewKey(keyId, key, row);
    }

    /** @throws IllegalStateException when the row was destroyed, belongs to another KEK or was tampered with */
    public byte[] unwrap(DataKey row) {
        if (row.wrappedKey == null) {
            throw new IllegalStateException("data key destroyed");
        }
        if (!kekId.equals(row.kekId)) {
            throw new IllegalStateException("data key wrapped under another key-encryption key");
        }
        byte[] all = Base64.getDecoder().decode(row.wrappedKey);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(row.keyId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("data key does not unwrap");
        }
    }

    public String kekId() {
        return kekId;
    }

    private String wrap(String keyId, byte[] raw) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] wrapped = cipher.doFinal(raw);
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(nonce.length + wrapped.length)
                            .put(nonce)
                            .put(wrapped)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM key wrapping failed", e);
        }
    }

    static String random256() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
