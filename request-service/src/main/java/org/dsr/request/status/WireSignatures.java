package org.dsr.request.status;

import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.Startup;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.event.ReceivedOutcome;
import org.dsr.contracts.proof.OutcomeSignatureCheck;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.trust.TrustedKeys;

/**
 * Whether a completion record or an outcome, as JSON exactly as it travelled, was signed by whom it claims, with the
 * keys pinned in configuration ({@code dsr.trust.keys.<owner>}, {@link TrustedKeys}): a record by the orchestrator, an
 * outcome by the processor it names. The bytes checked are the canonical JSON without {@code signature}, as the
 * offline verifier checks them ({@code ProofVerifier}, {@link OutcomeSignatureCheck}). A failure is a
 * {@link PoisonMessageException} whose reason names event ids, processors and key ids only, never content.
 * <p>
 * The orchestrator's key is required: the service does not start without {@code dsr.trust.keys.orchestrator}.
 */
@Startup
@ApplicationScoped
public class WireSignatures {

    static final String ORCHESTRATOR = "orchestrator";

    private final TrustedKeys keys;
    private final VerificationKeys.Key orchestrator;

    public WireSignatures(TrustedKeys keys) {
        this.keys = keys;
        this.orchestrator = keys.require(ORCHESTRATOR);
    }

    /** @throws PoisonMessageException unless the orchestrator's pinned key signed this record */
    public void requireSignedByOrchestrator(JsonNode data, Object recordId) {
        if (!(data instanceof ObjectNode record)) {
            throw new PoisonMessageException("completion record " + recordId + " is not a JSON object");
        }
        // the outcome check is a generic one: signed, by a key of the named owner, over the canonical bytes
        OutcomeSignatureCheck.Result result =
                OutcomeSignatureCheck.check(record, ORCHESTRATOR, keys::find, Signatures::verifyFast);
        if (result.verified()) {
            return;
        }
        String problem = switch (result.verdict()) {
            case UNSIGNED -> "is unsigned";
            case UNKNOWN_KEY ->
                "is signed with key " + result.keyId() + ", not the orchestrator's pinned key " + orchestrator.keyId();
            case OTHER_OWNER ->
                "is signed with key " + result.keyId() + " of " + result.owner()
                        + ", not the orchestrator's pinned key " + orchestrator.keyId();
            default ->
                "has a signature that does not verify with the orchestrator's key " + orchestrator.keyId()
                        + ": it was changed after signing, or signed by another key";
        };
        throw new PoisonMessageException(printable("completion record " + recordId + " " + problem));
    }

    /**
     * @throws PoisonMessageException unless the key pinned for the outcome's processor signed it; an unsigned outcome
     *         is refused too (the orchestrator refuses it as well, so it can never enter a completion record)
     */
    public void requireSignedByProcessor(ReceivedOutcome received) {
        String processor = received.outcome().processor();
        String name = "outcome " + received.outcome().outcomeId() + " of " + processor;
        if (!(received.json() instanceof ObjectNode outcome)) {
            throw new PoisonMessageException(printable(name + " is not a JSON object"));
        }
        OutcomeSignatureCheck.Result result =
                OutcomeSignatureCheck.check(outcome, processor, keys::find, Signatures::verifyFast);
        if (result.verified()) {
            return;
        }
        String problem = switch (result.verdict()) {
            case UNSIGNED -> "is unsigned";
            case UNKNOWN_KEY ->
                "is signed with key " + result.keyId() + ", which is not pinned"
                        + (keys.of(processor).isPresent()
                                ? "; the key pinned for " + processor + " is "
                                        + keys.of(processor).get().keyId()
                                : " (no key pinned for " + processor + ": set dsr.trust.keys." + processor + ")");
            case OTHER_OWNER ->
                "is signed with key " + result.keyId() + " of " + result.owner() + ", not of " + processor;
            default ->
                "has a signature that does not verify with key " + result.keyId()
                        + ": it was changed after signing, or signed by another key";
        };
        throw new PoisonMessageException(printable(name + " " + problem));
    }

    /** Processor names and key ids come from the message: only a plain, short form goes into a reason. */
    static String printable(String text) {
        String plain = text.replaceAll("[^A-Za-z0-9 .,:;'()#/_-]", "?");
        return plain.length() <= 300 ? plain : plain.substring(0, 300) + "...";
    }
}
