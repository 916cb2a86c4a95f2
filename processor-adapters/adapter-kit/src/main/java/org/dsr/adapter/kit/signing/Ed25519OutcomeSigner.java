package org.dsr.adapter.kit.signing;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.arc.DefaultBean;

import org.dsr.adapter.kit.OutcomeSigner;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.ProcessorOutcomeV1;

/**
 * Signs every outcome with the adapter's Ed25519 key: RFC 8785 canonical JSON of the outcome without its
 * {@code signature} field; the key id travels in the signature.
 */
@IfBuildProperty(name = "adapter-kit.command-path", stringValue = "adapter", enableIfMissing = true)
@DefaultBean
@ApplicationScoped
public class Ed25519OutcomeSigner implements OutcomeSigner {

    private final AdapterSigningKeys keys;

    public Ed25519OutcomeSigner(AdapterSigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public ProcessorOutcomeV1 sign(ProcessorOutcomeV1 outcome) {
        return sign(outcome, keys.keyId(), keys.privateKey());
    }

    /** The one way an outcome is signed, by an adapter or by the connector for each processor it hosts. */
    public static ProcessorOutcomeV1 sign(ProcessorOutcomeV1 outcome, String keyId, java.security.PrivateKey key) {
        return outcome.withSignature(SignedJson.sign(outcome.withSignature(null), keyId, key));
    }
}
