package org.dsr.adapter.kit.signing;

import java.security.PrivateKey;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.ProcessorOutcomeV1;

/**
 * Signs an outcome with a processor's Ed25519 key: RFC 8785 canonical JSON of the outcome without its
 * {@code signature} field; the key id travels in the signature. The connector signs each hosted processor's outcomes
 * with that processor's own key.
 */
public final class Ed25519OutcomeSigner {

    private Ed25519OutcomeSigner() {}

    /** The one way an outcome is signed. */
    public static ProcessorOutcomeV1 sign(ProcessorOutcomeV1 outcome, String keyId, PrivateKey key) {
        return outcome.withSignature(SignedJson.sign(outcome.withSignature(null), keyId, key));
    }
}
