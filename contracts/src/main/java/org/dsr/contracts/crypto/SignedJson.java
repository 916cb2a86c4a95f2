package org.dsr.contracts.crypto;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.contracts.event.SignatureV1;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.json.Json;

/**
 * Signatures over JSON objects: the signed bytes are the RFC 8785 canonical JSON of the object without its
 * {@code signature} field, so the signature can travel inside the object it signs.
 */
public final class SignedJson {

    public static final String SIGNATURE_FIELD = "signature";

    private SignedJson() {}

    public static byte[] signingBytes(Object value) {
        ObjectNode tree = (ObjectNode) Json.tree(value);
        tree.remove(SIGNATURE_FIELD);
        return CanonicalJson.canonicalize(tree.toString()).getBytes(StandardCharsets.UTF_8);
    }

    public static SignatureV1 sign(Object value, String keyId, PrivateKey key) {
        return new SignatureV1(keyId, Signatures.ALGORITHM, Signatures.sign(key, signingBytes(value)));
    }

    public static boolean verify(Object value, SignatureV1 signature, PublicKey key) {
        return signature != null
                && Signatures.ALGORITHM.equals(signature.algorithm())
                && Signatures.verify(key, signingBytes(value), signature.value());
    }

    /**
     * {@link #verify} with Bouncy Castle's verifier ({@link Signatures#verifyFast}): for checks every message passes
     * through, such as a connector's on each command.
     */
    public static boolean verifyFast(Object value, SignatureV1 signature, PublicKey key) {
        return signature != null
                && Signatures.ALGORITHM.equals(signature.algorithm())
                && signature.value() != null
                && Signatures.verifyFast(key, signingBytes(value), signature.value());
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
