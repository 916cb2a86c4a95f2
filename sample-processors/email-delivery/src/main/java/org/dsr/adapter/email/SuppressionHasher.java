package org.dsr.adapter.email;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jakarta.enterprise.context.ApplicationScoped;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.keys.KeyFiles;

/**
 * The keyed hash of an address kept on the suppression list: HMAC-SHA-256 of the normalised address under this
 * adapter's own key ({@code email-suppression.key} in the keys directory). Without the key the hash cannot be
 * reversed by guessing addresses; with it, an import can still be checked against the list.
 */
@ApplicationScoped
public class SuppressionHasher {

    public static final String KEY_FILE = "email-suppression.key";

    private final SecretKeySpec key;

    public SuppressionHasher(DsrConfig config) {
        byte[] raw = Base64.getDecoder().decode(KeyFiles.readOrCreate(config.keysDir(), KEY_FILE, () -> {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }));
        this.key = new SecretKeySpec(raw, "HmacSHA256");
    }

    public String hash(String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of()
                    .formatHex(
                            mac.doFinal(IdentifierType.EMAIL.normalise(address).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }
}
