package org.dsr.adapter.kit;

import org.dsr.contracts.event.ProcessorOutcomeV1;

/**
 * The seam for signing outcomes (Ed25519 over RFC 8785 canonical JSON, see {@code org.dsr.contracts.crypto}).
 * Until signing lands, {@link UnsignedOutcomes} returns outcomes unchanged ({@code signature} null); an adapter or
 * the kit provides a signing bean later and nothing else changes.
 */
public interface OutcomeSigner {

    ProcessorOutcomeV1 sign(ProcessorOutcomeV1 outcome);
}
