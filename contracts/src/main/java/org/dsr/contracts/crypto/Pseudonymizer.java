package org.dsr.contracts.crypto;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dsr.contracts.subject.Identifier;

/**
 * Pseudonym of a subject: HMAC-SHA-256 over {@code TYPE:normalised value} under a secret. Equal identifiers give
 * equal pseudonyms, so all requests about one person share one Kafka key; without the secret nothing can be
 * guessed back from it.
 */
public final class Pseudonymizer {

    private final SecretKeySpec key;

    public Pseudonymizer(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("pseudonym secret must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    public String pseudonym(Identifier identifier) {
        Identifier normalised = identifier.normalised();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest =
                    mac.doFinal((normalised.type().name() + ":" + normalised.value()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
