package org.dsr.contracts.crypto;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.contracts.event.SignatureV1;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.json.NotIJsonException;

/**
 * Signatures over JSON objects: the signed bytes are the RFC 8785 canonical JSON of the object without its
 * {@code signature} field, so the signature can travel inside the object it signs.
 */
public final class SignedJson {

    public static final String SIGNATURE_FIELD = "signature";

    private SignedJson() {}

    /**
     * The canonical JSON of {@code value} without its signature.
     *
     * @throws org.dsr.contracts.json.NotIJsonException when the value is not I-JSON (a lone surrogate in a string,
     *     NaN, an integer beyond ±(2^53-1), …): such a value is never signed
     */
    public static byte[] signingBytes(Object value) {
        ObjectNode tree = (ObjectNode) Json.tree(value);
        tree.remove(SIGNATURE_FIELD);
        return CanonicalJson.write(tree).getBytes(StandardCharsets.UTF_8);
    }

    public static SignatureV1 sign(Object value, String keyId, PrivateKey key) {
        return new SignatureV1(keyId, Signatures.ALGORITHM, Signatures.sign(key, signingBytes(value)));
    }

    /** False for a value that is not I-JSON: no such value is ever signed. */
    public static boolean verify(Object value, SignatureV1 signature, PublicKey key) {
        return signature != null
                && Signatures.ALGORITHM.equals(signature.algorithm())
                && verifies(value, bytes -> Signatures.verify(key, bytes, signature.value()));
    }

    private static boolean verifies(Object value, java.util.function.Predicate<byte[]> check) {
        byte[] bytes;
        try {
            bytes = signingBytes(value);
        } catch (NotIJsonException e) {
            return false;
        }
        return check.test(bytes);
    }

    /**
     * {@link #verify} with Bouncy Castle's verifier ({@link Signatures#verifyFast}): for checks every message passes
     * through, such as a connector's on each command.
     */
    public static boolean verifyFast(Object value, SignatureV1 signature, PublicKey key) {
        return signature != null
                && Signatures.ALGORITHM.equals(signature.algorithm())
                && signature.value() != null
                && verifies(value, bytes -> Signatures.verifyFast(key, bytes, signature.value()));
    }

    /** The hash that the next record in a chain links to: canonical JSON, signature included. */
    public static String chainHash(Object value) {
        return chainHashOfCanonical(CanonicalJson.canonicalize(value));
    }

    /** {@link #chainHash} of a value already in canonical JSON (a stored record), without canonicalising it again. */
    public static String chainHashOfCanonical(String canonicalJson) {
        return Hashes.sha256Hex(canonicalJson);
    }
}
