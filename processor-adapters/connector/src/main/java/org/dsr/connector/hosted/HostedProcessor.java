package org.dsr.connector.hosted;

import org.dsr.adapter.kit.signing.Ed25519OutcomeSigner;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.kit.keys.SigningKeyPair;

/** A processor this connector speaks for: how it is reached, and its own signing key. */
public record HostedProcessor(String kind, ProcessorConnector connector, SigningKeyPair key) {

    public String name() {
        return connector.processor();
    }

    /** Ed25519 over the RFC 8785 canonical JSON of the outcome without its signature, with this processor's key. */
    public ProcessorOutcomeV1 sign(ProcessorOutcomeV1 outcome) {
        return Ed25519OutcomeSigner.sign(outcome, key.keyId(), key.privateKey());
    }
}
