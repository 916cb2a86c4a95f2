package org.dsr.contracts.proof;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.json.CanonicalJson;

/**
 * Whether one outcome, as JSON exactly as it travelled, carries a valid signature by a key of the processor that
 * answers it. {@link ProofVerifier} runs it on every outcome a record embeds; the orchestrator runs it on every outcome
 * it receives, so that a record is never assembled from an outcome the offline check would reject.
 */
public final class OutcomeSignatureCheck {

    /** How a signature is checked: the JDK's provider for proofs, a faster one where every outcome passes. */
    @FunctionalInterface
    public interface Verifier {
        boolean verify(PublicKey key, byte[] message, String signatureBase64);
    }

    public enum Verdict {
        VERIFIED,
        /** no {@code signature} object */
        UNSIGNED,
        /** signed with a key id no loaded key has */
        UNKNOWN_KEY,
        /** signed with a loaded key of another owner than the processor */
        OTHER_OWNER,
        /** wrong algorithm, malformed value, or the signature does not verify over the outcome's bytes */
        INVALID
    }

    /** The verdict with the key id the outcome names and, when the key is loaded, its owner. */
    public record Result(Verdict verdict, String keyId, String owner) {

        public boolean verified() {
            return verdict == Verdict.VERIFIED;
        }

        /** What is wrong, in words that name keys and processors only (never the outcome's content). */
        public String problem(String processor) {
            return switch (verdict) {
                case VERIFIED -> null;
                case UNSIGNED -> "unsigned outcome";
                case UNKNOWN_KEY -> "signed with key " + keyId + ", which is not among the processors' public keys";
                case OTHER_OWNER -> "signed with key " + keyId + " of " + owner + ", not of " + processor;
                case INVALID -> "the processor's signature does not verify with key " + keyId;
            };
        }
    }

    private OutcomeSignatureCheck() {}

    public static Result check(
            ObjectNode outcome,
            String processor,
            Function<String, Optional<VerificationKeys.Key>> keys,
            Verifier verifier) {
        JsonNode signature = outcome.get(SignedJson.SIGNATURE_FIELD);
        if (signature == null || signature.isNull()) {
            return new Result(Verdict.UNSIGNED, null, null);
        }
        String keyId =
                signature.path("keyId").isTextual() ? signature.get("keyId").asText() : null;
        Optional<VerificationKeys.Key> key = keyId == null ? Optional.empty() : keys.apply(keyId);
        if (key.isEmpty()) {
            return new Result(Verdict.UNKNOWN_KEY, keyId, null);
        }
        String owner = key.get().owner();
        if (!owner.equals(processor)) {
            return new Result(Verdict.OTHER_OWNER, keyId, owner);
        }
        JsonNode value = signature.get("value");
        boolean valid = Signatures.ALGORITHM.equals(signature.path("algorithm").asText(null))
                && value != null
                && value.isTextual()
                && canonicalSignature(value.asText())
                && verifier.verify(key.get().publicKey(), signingBytes(outcome), value.asText());
        return new Result(valid ? Verdict.VERIFIED : Verdict.INVALID, keyId, owner);
    }

    static byte[] signingBytes(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        copy.remove(SignedJson.SIGNATURE_FIELD);
        return CanonicalJson.write(copy).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A signature value is exactly the padded base64 of 64 bytes: a decoder ignores the unused low bits of the last
     * character, so without this a changed character there would go unnoticed.
     */
    static boolean canonicalSignature(String value) {
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            return bytes.length == 64
                    && Base64.getEncoder().encodeToString(bytes).equals(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
