package org.dsr.orchestrator.proof;

import java.security.PrivateKey;
import java.security.PublicKey;
import jakarta.enterprise.context.ApplicationScoped;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.keys.SigningKeyPair;

/**
 * The orchestrator's Ed25519 key pair ({@code orchestrator-signing.key}, and {@code orchestrator.pub} for the
 * offline verifier), generated on first start into the keys directory.
 */
@ApplicationScoped
public class SigningKeys {

    private final SigningKeyPair pair;

    public SigningKeys(DsrConfig config) {
        this.pair = SigningKeyPair.loadOrCreate(config.keysDir(), "orchestrator");
    }

    public PrivateKey privateKey() {
        return pair.privateKey();
    }

    public PublicKey publicKey() {
        return pair.publicKey();
    }

    public String keyId() {
        return pair.keyId();
    }
}
