package org.dsr.adapter.kit.signing;

import java.security.PrivateKey;
import java.security.PublicKey;

import jakarta.enterprise.context.ApplicationScoped;

import org.dsr.adapter.kit.AdapterConfig;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.keys.SigningKeyPair;

import io.quarkus.arc.properties.IfBuildProperty;

/**
 * This adapter's own Ed25519 key pair ({@code <processor>-signing.key}, {@code <processor>.pub}), generated on
 * first start into the keys directory, never committed.
 */
@IfBuildProperty(name = "adapter-kit.command-path", stringValue = "adapter", enableIfMissing = true)
@ApplicationScoped
public class AdapterSigningKeys {

    private final SigningKeyPair pair;

    public AdapterSigningKeys(AdapterConfig adapter, DsrConfig config) {
        this.pair = SigningKeyPair.loadOrCreate(config.keysDir(), adapter.processor());
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
