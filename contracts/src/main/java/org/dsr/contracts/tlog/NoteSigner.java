package org.dsr.contracts.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import org.dsr.contracts.crypto.Signatures;

/** Signs C2SP notes: a log's checkpoints ({@link NoteKey.Type#ED25519}) or a witness's cosignatures. */
public final class NoteSigner {

    private final NoteKey key;
    private final PrivateKey privateKey;

    public NoteSigner(String name, NoteKey.Type type, PrivateKey privateKey, PublicKey publicKey) {
        this.key = new NoteKey(name, type, publicKey);
        this.privateKey = privateKey;
    }

    /** The verifier key of this signer, to publish and to pin. */
    public NoteKey verifierKey() {
        return key;
    }

    /** An Ed25519 note signature over {@code text}. */
    public NoteSignature sign(String text) {
        requireType(NoteKey.Type.ED25519);
        return new NoteSignature(key.name(), key.keyId(), ed25519(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A c2sp.org/tlog-cosignature v1 over a checkpoint's text at {@code unixSeconds}. */
    public NoteSignature cosign(String checkpointText, long unixSeconds) {
        requireType(NoteKey.Type.COSIGNATURE_V1);
        if (unixSeconds <= 0) {
            throw new IllegalArgumentException("a cosignature's timestamp is positive");
        }
        byte[] signature = ed25519(Cosignatures.message(checkpointText, unixSeconds));
        byte[] timestamped = ByteBuffer.allocate(8 + signature.length)
                .putLong(unixSeconds)
                .put(signature)
                .array();
        return new NoteSignature(key.name(), key.keyId(), timestamped);
    }

    private byte[] ed25519(byte[] message) {
        return Base64.getDecoder().decode(Signatures.sign(privateKey, message));
    }

    private void requireType(NoteKey.Type type) {
        if (key.type() != type) {
            throw new IllegalStateException("this signer makes " + key.type() + " signatures, not " + type);
        }
    }
}
