package org.dsr.connector.webhook;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.dsr.contracts.crypto.Signatures;

/**
 * The signature on every webhook message, in either direction (docs/connectors/webhook.md): Ed25519 over the bytes
 * {@code <X-DSR-Timestamp> "." <body>}, where the timestamp is Unix seconds in decimal and the body is the exact bytes
 * sent. The sender's body is RFC 8785 canonical JSON (ours always is), but the receiver verifies the bytes as
 * received, before parsing them, so a service in any language needs no canonicaliser. A timestamp further than
 * {@link #TOLERANCE} from the receiver's clock is refused: a captured message cannot be replayed later.
 */
public final class WebhookSignatures {

    public static final String SIGNATURE = "X-DSR-Signature";
    public static final String TIMESTAMP = "X-DSR-Timestamp";
    public static final String KEY_ID = "X-DSR-Key-Id";
    /** How far a message's timestamp may be from the receiver's clock, either way. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** X.509 prefix of an Ed25519 public key (RFC 8410): a raw 32-byte key follows it. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private WebhookSignatures() {}

    /** The signed bytes: timestamp, a dot, the body. */
    public static byte[] signedBytes(String timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }

    public static String sign(PrivateKey key, String timestamp, byte[] body) {
        return Signatures.sign(key, signedBytes(timestamp, body));
    }

    /**
     * Why a message is not acceptable, or null when its signature is the pinned key's and its timestamp is fresh.
     * The reason names the header at fault, never the body.
     */
    public static String refusal(PublicKey pinned, String timestamp, String signature, byte[] body, Instant now) {
        if (signature == null || signature.isBlank()) {
            return "no " + SIGNATURE + " header";
        }
        if (timestamp == null || !timestamp.matches("[0-9]{1,12}")) {
            return "no " + TIMESTAMP + " header in Unix seconds";
        }
        Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(at, now).abs().compareTo(TOLERANCE) > 0) {
            return TIMESTAMP + " is more than " + TOLERANCE.toMinutes() + " minutes from our clock (replayed or"
                    + " clocks apart)";
        }
        if (!Signatures.verify(pinned, signedBytes(timestamp, body), signature.strip())) {
            return SIGNATURE + " does not verify with the service's pinned public key";
        }
        return null;
    }

    /**
     * An Ed25519 public key as base64 X.509 (what our {@code .pub} files hold) or base64 of the raw 32 bytes (RFC
     * 8032); IllegalArgumentException otherwise.
     */
    public static PublicKey publicKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64");
        }
        if (bytes.length == 32) {
            byte[] der = new byte[X509_PREFIX.length + 32];
            System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
            System.arraycopy(bytes, 0, der, X509_PREFIX.length, 32);
            bytes = der;
        }
        return Signatures.publicKey(Base64.getEncoder().encodeToString(bytes));
    }
}
