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
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 signatures; keys travel as base64 X.509 (public) and PKCS#8 (private). Signing uses Bouncy Castle's RFC 8032
 * implementation with the key's public point computed once per key (the JDK 17 provider recomputes it and is several
 * times slower per signature); the signature bytes are the same, as Ed25519 is deterministic. Proofs are verified
 * with the JDK's provider ({@link #verify}), so every signature we make is checked by a second, independent
 * implementation; {@link #verifyFast} is Bouncy Castle's, for checks on every message.
 */
public final class Signatures {

    public static final String ALGORITHM = "Ed25519";

    /** Services hold one or two signing keys; tests make many, so the cache forgets everything past a bound. */
    private static final int MAX_CACHED_KEYS = 64;

    private static final Map<PrivateKey, Ed25519PrivateKeyParameters> SIGNING_KEYS = new ConcurrentHashMap<>();
    private static final Map<PublicKey, Ed25519PublicKeyParameters> VERIFYING_KEYS = new ConcurrentHashMap<>();
    /** X.509 prefix of every Ed25519 public key (RFC 8410); the raw 32-byte key follows it. */
    private static final byte[] X509_ED25519_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private Signatures() {}

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
        if (!(key instanceof EdECPrivateKey edec)
                || !"Ed25519".equalsIgnoreCase(edec.getParams().getName())
                || edec.getBytes().isEmpty()) {
            return null;
        }
        Ed25519PrivateKeyParameters parameters =
                new Ed25519PrivateKeyParameters(edec.getBytes().get(), 0);
        parameters.generatePublicKey(); // computed once here, cached by the parameters for every signature
        if (SIGNING_KEYS.size() >= MAX_CACHED_KEYS) {
            SIGNING_KEYS.clear();
        }
        SIGNING_KEYS.put(key, parameters);
        return parameters;
    }

    /**
     * The same check as {@link #verify} with Bouncy Castle's verifier and the key decoded once (several times faster
     * than the JDK 17 provider), for checks every message passes through, such as the orchestrator's on each outcome
     * it receives. Proofs are verified with {@link #verify}: an implementation independent of the signer's.
     */
    public static boolean verifyFast(PublicKey key, byte[] message, String signatureBase64) {
        Ed25519PublicKeyParameters fast = verifyingKey(key);
        if (fast == null) {
            return verify(key, message, signatureBase64);
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return signature.length == Ed25519PublicKeyParameters.KEY_SIZE * 2
                && fast.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
    }

    private static Ed25519PublicKeyParameters verifyingKey(PublicKey key) {
        Ed25519PublicKeyParameters cached = VERIFYING_KEYS.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] der = key.getEncoded();
        if (der == null
                || der.length != X509_ED25519_PREFIX.length + Ed25519PublicKeyParameters.KEY_SIZE
                || !Arrays.equals(
                        der, 0, X509_ED25519_PREFIX.length, X509_ED25519_PREFIX, 0, X509_ED25519_PREFIX.length)) {
            return null;
        }
        Ed25519PublicKeyParameters parameters = new Ed25519PublicKeyParameters(der, X509_ED25519_PREFIX.length);
        if (VERIFYING_KEYS.size() >= MAX_CACHED_KEYS) {
            VERIFYING_KEYS.clear();
        }
        VERIFYING_KEYS.put(key, parameters);
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

    /** The 32-byte RFC 8032 encoding of an Ed25519 public key (what C2SP signed notes and vkeys carry). */
    public static byte[] rawPublicKey(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der == null
                || der.length != X509_ED25519_PREFIX.length + Ed25519PublicKeyParameters.KEY_SIZE
                || !Arrays.equals(
                        der, 0, X509_ED25519_PREFIX.length, X509_ED25519_PREFIX, 0, X509_ED25519_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(der, X509_ED25519_PREFIX.length, der.length);
    }

    /** The public key of a 32-byte RFC 8032 encoding. */
    public static PublicKey publicKeyFromRaw(byte[] raw) {
        if (raw == null || raw.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        byte[] der = new byte[X509_ED25519_PREFIX.length + raw.length];
        System.arraycopy(X509_ED25519_PREFIX, 0, der, 0, X509_ED25519_PREFIX.length);
        System.arraycopy(raw, 0, der, X509_ED25519_PREFIX.length, raw.length);
        return publicKey(Base64.getEncoder().encodeToString(der));
    }
}
