package org.dsr.orchestrator.proof;

import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.Startup;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.event.ReceivedOutcome;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.proof.OutcomeSignatureCheck;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.trust.TrustedKeys;
import org.dsr.orchestrator.policy.Policy;

/**
 * Every outcome is checked on receipt with the check the offline verifier runs ({@link OutcomeSignatureCheck}): signed,
 * with the key pinned for the processor that answers ({@code dsr.trust.keys.<processor>}), over the bytes as they
 * travelled. An outcome that fails is poison (dead letter with the reason; the step's timeout re-dispatches the
 * command and, once its attempts are spent, the saga needs attention), so no completion record embeds an outcome its
 * verification would reject later. The keys are the pinned ones only, read once at start: no directory is scanned and
 * no key file is read again, so a key dropped or swapped on disk is never trusted. The service refuses to start when a
 * processor of its policy has no pinned key.
 */
@Startup
@ApplicationScoped
public class ProcessorSignatures {

    private final VerificationKeys keys;

    public ProcessorSignatures(TrustedKeys trusted, Policy policy) {
        VerificationKeys.Builder builder = VerificationKeys.builder();
        for (Policy.Processor processor : policy.processors()) {
            VerificationKeys.Key key = trusted.require(processor.name());
            builder.add(key.owner(), key.publicKey());
        }
        this.keys = builder.build();
    }

    /** The pinned keys of the policy's processors, nothing else. */
    public VerificationKeys keys() {
        return keys;
    }

    /** @throws PoisonMessageException naming the outcome, the processor and the key, never the outcome's content */
    public void requireSignedByProcessor(ReceivedOutcome received) {
        JsonNode node = received.json();
        if (node == null) {
            try {
                node = Json.MAPPER.readTree(received.raw());
            } catch (Exception e) {
                throw new PoisonMessageException("outcome " + received.outcome().outcomeId() + " is not a JSON object");
            }
        }
        if (!(node instanceof ObjectNode outcome)) {
            throw new PoisonMessageException("outcome " + received.outcome().outcomeId() + " is not a JSON object");
        }
        String processor = received.outcome().processor();
        OutcomeSignatureCheck.Result result =
                OutcomeSignatureCheck.check(outcome, processor, this::find, Signatures::verifyFast);
        if (!result.verified()) {
            // processor names and key ids come from the message: only a plain, short form goes into the reason
            throw new PoisonMessageException("outcome " + received.outcome().outcomeId() + " of " + printable(processor)
                    + ": " + printable(result.problem(processor)));
        }
    }

    static String printable(String text) {
        String plain = text.replaceAll("[^A-Za-z0-9 .,:'/_-]", "?");
        return plain.length() <= 200 ? plain : plain.substring(0, 200) + "...";
    }

    private Optional<VerificationKeys.Key> find(String keyId) {
        return keys.find(keyId);
    }
}
