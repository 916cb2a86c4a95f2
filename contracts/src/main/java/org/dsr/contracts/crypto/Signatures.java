package org.dsr.contracts.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 signatures; keys travel as base64 X.509 (public) and PKCS#8 (private). Signing uses Bouncy Castle's RFC 8032
 * implementation with the key's public point computed once per key (the JDK 17 provider recomputes it and is several
 * times slower per signature); the signature bytes are the same, as Ed25519 is deterministic. Verification uses the
 * JDK's provider, so every signature we make is checked by a second, independent implementation.
 */
public final class Signatures {

    public static final String ALGORITHM = "Ed25519";

    /** Services hold one or two signing keys; tests make many, so the cache forgets everything past a bound. */
    private static final int MAX_CACHED_KEYS = 64;
    private static final Map<PrivateKey, Ed25519PrivateKeyParameters> SIGNING_KEYS = new ConcurrentHashMap<>();

    private Signatures() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    public static String sign(PrivateKey key, byte[] message) {
        Ed25519PrivateKeyParameters fast = signingKey(key);
        if (fast != null) {
            byte[] signature = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
            fast.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
            return Base64.getEncoder().encodeToString(signature);
        }
        return signWithJdk(key, message);
    }

    /** The JDK's own signature, for a key whose seed we cannot read (e.g. held by a hardware token). */
    static String signWithJdk(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(message);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    private static Ed25519PrivateKeyParameters signingKey(PrivateKey key) {
        Ed25519PrivateKeyParameters cached = SIGNING_KEYS.get(key);
        if (cached != null) {
            return cached;
        }
        if (!(key instanceof EdECPrivateKey edec) || !"Ed25519".equalsIgnoreCase(edec.getParams().getName())
                || edec.getBytes().isEmpty()) {
            return null;
        }
        Ed25519PrivateKeyParameters parameters = new Ed25519PrivateKeyParameters(edec.getBytes().get(), 0);
        parameters.generatePublicKey(); // computed once here, cached by the parameters for every signature
        if (SIGNING_KEYS.size() >= MAX_CACHED_KEYS) {
            SIGNING_KEYS.clear();
        }
        SIGNING_KEYS.put(key, parameters);
        return parameters;
    }

    public static boolean verify(PublicKey key, byte[] message, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static String encode(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    public static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
    }
}
