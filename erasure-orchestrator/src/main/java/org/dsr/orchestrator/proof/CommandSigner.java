package org.dsr.orchestrator.proof;

import jakarta.enterprise.context.ApplicationScoped;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.ProcessorCommandV1;

/**
 * Signs every command the orchestrator dispatches with its own key ({@link SigningKeys}), as it signs completion
 * records: Ed25519 over the RFC 8785 canonical JSON of the command without its {@code signature}. A connector acts on
 * a command, and request-service releases a data key for it, only when this signature verifies against the
 * orchestrator's pinned public key. One signature per dispatch: a re-dispatch carries a new {@code issuedAt} and
 * {@code attempt}, so it is signed anew.
 */
@ApplicationScoped
public class CommandSigner {

    private final SigningKeys keys;

    public CommandSigner(SigningKeys keys) {
        this.keys = keys;
    }

    public ProcessorCommandV1 sign(ProcessorCommandV1 command) {
        ProcessorCommandV1 unsigned = command.withSignature(null);
        return unsigned.withSignature(SignedJson.sign(unsigned, keys.keyId(), keys.privateKey()));
    }
}
