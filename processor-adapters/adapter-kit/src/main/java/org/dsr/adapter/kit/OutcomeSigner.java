package org.dsr.adapter.kit;

import org.dsr.contracts.event.ProcessorOutcomeV1;

/**
 * How outcomes are signed before they go to the outbox. The kit's default is
 * {@link org.dsr.adapter.kit.signing.Ed25519OutcomeSigner} (Ed25519 over RFC 8785 canonical JSON with the adapter's
 * own key, see {@code org.dsr.contracts.crypto}).
 */
public interface OutcomeSigner {

    ProcessorOutcomeV1 sign(ProcessorOutcomeV1 outcome);
}
