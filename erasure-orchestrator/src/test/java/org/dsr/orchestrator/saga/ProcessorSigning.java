package org.dsr.orchestrator.saga;

import java.nio.file.Path;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.dsr.kit.keys.SigningKeyPair;

/**
 * Signs an outcome as its processor's adapter would: with {@code <processor>-signing.key} of the orchestrator's keys
 * directory, whose {@code <processor>.pub} the orchestrator checks every received outcome against.
 */
public final class ProcessorSigning {

    private ProcessorSigning() {
    }

    public static ProcessorOutcomeV1 signed(ProcessorOutcomeV1 outcome) {
        if (outcome.signature() != null) {
            return outcome;
        }
        SigningKeyPair signer = SigningKeyPair.loadOrCreate(keysDir(), outcome.processor());
        return outcome.withSignature(SignedJson.sign(outcome, signer.keyId(), signer.privateKey()));
    }

    /** Signs an outcome given as JSON again, e.g. after a test added a field a newer adapter would send. */
    public static ObjectNode signedAgain(ObjectNode outcome, String processor) {
        outcome.remove(SignedJson.SIGNATURE_FIELD);
        SigningKeyPair signer = SigningKeyPair.loadOrCreate(keysDir(), processor);
        outcome.set(SignedJson.SIGNATURE_FIELD, Json.tree(SignedJson.sign(outcome, signer.keyId(),
                signer.privateKey())));
        return outcome;
    }

    public static Path keysDir() {
        return ConfigProvider.getConfig().getOptionalValue("dsr.keys-dir", Path.class).orElse(Path.of(".dsr/keys"));
    }
}
