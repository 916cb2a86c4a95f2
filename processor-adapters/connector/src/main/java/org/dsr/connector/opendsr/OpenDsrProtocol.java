package org.dsr.connector.opendsr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.dsr.contracts.crypto.Hashes;

/**
 * What OpenDSR 2.0 (formerly OpenGDPR; github.com/opengdpr/OpenDSR, specification.md) fixes: identity types and
 * formats (§5), request statuses (§8), the signature headers (§8.3, §8.6, with the OpenGDPR names §10.1 says must
 * still be honoured) and how a signature is checked (§4.2, §8.8: over the raw body, SHA-256 digest, the key of the
 * processor's X.509 certificate).
 */
public final class OpenDsrProtocol {

    public static final String API_VERSION = "2.0";
    public static final String SIGNATURE = "X-OpenDSR-Signature";
    public static final String DOMAIN = "X-OpenDSR-Processor-Domain";
    public static final String LEGACY_SIGNATURE = "X-OpenGDPR-Signature";
    public static final String LEGACY_DOMAIN = "X-OpenGDPR-Processor-Domain";

    /** §5.1, in the specification's order. */
    public static final List<String> IDENTITY_TYPES = List.of(
            "controller_customer_id",
            "android_advertising_id",
            "android_id",
            "email",
            "fire_advertising_id",
            "ios_advertising_id",
            "ios_vendor_id",
            "microsoft_advertising_id",
            "microsoft_publisher_id",
            "roku_publisher_id",
            "roku_advertising_id");

    /** §5.2 lists raw, sha1, md5 and sha256; this client sends only raw or sha256 (sha1 and md5 are too weak). */
    public static final Set<String> FORMATS = Set.of("raw", "sha256");

    /** §7.1.1 regulation. */
    public static final Set<String> REGULATIONS = Set.of("gdpr", "ccpa");

    /** §8 request statuses. */
    public static final String PENDING = "pending";

    public static final String IN_PROGRESS = "in_progress";
    public static final String COMPLETED = "completed";
    public static final String CANCELLED = "cancelled";

    private OpenDsrProtocol() {}

    /** Lowercase hex SHA-256: an identity in the {@code sha256} format (of its UTF-8), or a body's digest. */
    public static String sha256(byte[] bytes) {
        return Hashes.sha256Hex(bytes);
    }

    public static String sha256(String text) {
        return Hashes.sha256Hex(text);
    }

    /** An X.509 certificate from a PEM or DER file. */
    public static X509Certificate certificate(Path file) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /**
     * True when {@code signature} (Base64, line breaks allowed as in the specification's examples) is the
     * certificate key's signature of {@code body} with SHA-256: RSA, ECDSA or DSA by the key's algorithm (FIPS 186-4
     * names all three). Anything unreadable is false, never an exception.
     */
    public static boolean verify(X509Certificate certificate, byte[] body, String signature) {
        if (signature == null || signature.isBlank() || body == null) {
            return false;
        }
        try {
            PublicKey key = certificate.getPublicKey();
            String algorithm = switch (key.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                case "DSA" -> "SHA256withDSA";
                default -> null;
            };
            if (algorithm == null) {
                return false;
            }
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(body);
            return verifier.verify(Base64.getMimeDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Status names from a processor are printed only when they look like one. */
    static String printable(String text) {
        return text != null && text.matches("[a-z_]{1,32}") ? text : "(unprintable)";
    }
}
