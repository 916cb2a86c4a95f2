package org.dsr.orchestrator.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

import jakarta.enterprise.context.ApplicationScoped;

import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.keys.KeyFiles;

/**
 * The orchestrator's Ed25519 key pair, generated on first start into the keys directory. The public key is written
 * beside it ({@code orchestrator.pub}) for the offline verifier; the key id is derived from the public key.
 */
@ApplicationScoped
public class SigningKeys {

    static final String PRIVATE_FILE = "orchestrator-signing.key";
    static final String PUBLIC_FILE = "orchestrator.pub";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    public SigningKeys(DsrConfig config) {
        Path dir = config.keysDir();
        KeyPair[] generated = new KeyPair[1];
        String privateText = KeyFiles.readOrCreate(dir, PRIVATE_FILE, () -> {
            generated[0] = Signatures.generate();
            return Signatures.encode(generated[0].getPrivate());
        });
        try {
            Path pub = dir.resolve(PUBLIC_FILE);
            if (generated[0] != null) {
                Files.writeString(pub, Signatures.encode(generated[0].getPublic()) + "\n");
            }
            this.privateKey = Signatures.privateKey(privateText);
            this.publicKey = Signatures.publicKey(KeyFiles.read(pub));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the orchestrator's public key beside its private key", e);
        }
        this.keyId = "orchestrator-" + Hashes.sha256Hex(publicKey.getEncoded()).substring(0, 12);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }
}
