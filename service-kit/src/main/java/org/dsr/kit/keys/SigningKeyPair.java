package org.dsr.kit.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.crypto.Signatures;

/**
 * An Ed25519 key pair of one owner (the orchestrator, a processor adapter) in the keys directory:
 * {@code <owner>-signing.key} (owner-only) and {@code <owner>.pub} beside it for the offline verifier. Generated on
 * first start; the key id is {@code <owner>-<first 12 hex of SHA-256 of the public key>}.
 */
public record SigningKeyPair(String keyId, PrivateKey privateKey, PublicKey publicKey) {

    public static SigningKeyPair loadOrCreate(Path dir, String owner) {
        Path pub = dir.resolve(owner + ".pub");
        String privateText = KeyFiles.readOrCreate(dir, owner + "-signing.key", () -> {
            KeyPair pair = Signatures.generate();
            try {
                // the public key first: whoever sees the private key file can rely on the public one
                Files.createDirectories(dir);
                Files.writeString(pub, Signatures.encode(pair.getPublic()) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + pub, e);
            }
            return Signatures.encode(pair.getPrivate());
        });
        try {
            if (!Files.exists(pub)) {
                throw new IllegalStateException("the public key file " + pub + " beside the signing key of " + owner
                        + " is missing; restore it, or remove the signing key to generate a new pair");
            }
            PublicKey publicKey = Signatures.publicKey(KeyFiles.read(pub));
            return new SigningKeyPair(
                    owner + "-" + Hashes.sha256Hex(publicKey.getEncoded()).substring(0, 12),
                    Signatures.privateKey(privateText),
                    publicKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pub, e);
        }
    }
}
