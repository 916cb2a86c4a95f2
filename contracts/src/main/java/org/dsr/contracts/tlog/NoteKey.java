package org.dsr.contracts.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.dsr.contracts.crypto.Signatures;

/**
 * A verifier key of a C2SP signed note (a "vkey": {@code <name>+<hex key ID>+base64(type || public key)}): a log's
 * Ed25519 note key ({@link Type#ED25519}) or a witness's Ed25519 cosignature key ({@link Type#COSIGNATURE_V1},
 * c2sp.org/tlog-cosignature).
 */
public final class NoteKey {

    /** The signature type identifier byte of c2sp.org/signed-note. */
    public enum Type {
        ED25519((byte) 0x01),
        COSIGNATURE_V1((byte) 0x04);

        private final byte id;

        Type(byte id) {
            this.id = id;
        }

        public byte id() {
            return id;
        }

        static Type of(byte id) throws InvalidProofException {
            for (Type type : values()) {
                if (type.id == id) {
                    return type;
                }
            }
            throw new InvalidProofException(
                    "unsupported note signature type 0x" + HexFormat.of().toHexDigits(id));
        }
    }

    private static final int ED25519_SIGNATURE_BYTES = 64;
    private static final int TIMESTAMP_BYTES = 8;

    private final String name;
    private final Type type;
    private final byte[] rawPublicKey;
    private final PublicKey publicKey;
    private final int keyId;

    public NoteKey(String name, Type type, PublicKey publicKey) {
        SignedNote.requireKeyName(name);
        this.name = name;
        this.type = type;
        this.publicKey = publicKey;
        this.rawPublicKey = Signatures.rawPublicKey(publicKey);
        this.keyId = keyId(name, type, rawPublicKey);
    }

    public static NoteKey parseVkey(String vkey) throws InvalidProofException {
        String[] parts = vkey.strip().split("\\+", 3);
        if (parts.length != 3) {
            throw new InvalidProofException("a vkey is <name>+<key ID>+<key>");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException("a vkey's key is not base64");
        }
        if (key.length != 33) {
            throw new InvalidProofException("a vkey's key is a type byte and a 32-byte Ed25519 key");
        }
        NoteKey parsed;
        try {
            parsed = new NoteKey(
                    parts[0], Type.of(key[0]), Signatures.publicKeyFromRaw(Arrays.copyOfRange(key, 1, key.length)));
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException("a vkey's name or key is invalid: " + e.getMessage());
        }
        if (!parts[1].equals(HexFormat.of().toHexDigits(parsed.keyId))) {
            throw new InvalidProofException("a vkey's key ID does not match its name and key");
        }
        return parsed;
    }

    /** SHA-256(key name || 0x0A || type || public key)[:4], big-endian. */
    static int keyId(String name, Type type, byte[] rawPublicKey) {
        MessageDigest digest = Merkle.sha256();
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        digest.update(type.id());
        digest.update(rawPublicKey);
        return ByteBuffer.wrap(digest.digest()).getInt();
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public int keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String vkey() {
        byte[] key = new byte[1 + rawPublicKey.length];
        key[0] = type.id();
        System.arraycopy(rawPublicKey, 0, key, 1, rawPublicKey.length);
        return name + "+" + HexFormat.of().toHexDigits(keyId) + "+"
                + Base64.getEncoder().encodeToString(key);
    }

    /**
     * This key's signature on the note, verified; empty when the note carries none (signatures of other keys are
     * ignored, as the specification requires). A signature of this key that does not verify makes the whole note
     * invalid.
     */
    public Optional<NoteSignature> verify(SignedNote note) throws InvalidProofException {
        Optional<NoteSignature> found = Optional.empty();
        for (NoteSignature signature : note.signatures()) {
            if (!signature.keyName().equals(name) || signature.keyId() != keyId) {
                continue;
            }
            if (!verifies(note.text(), signature.signature())) {
                throw new InvalidProofException("the signature of " + name + " on the note does not verify");
            }
            found = Optional.of(signature);
        }
        return found;
    }

    private boolean verifies(String text, byte[] signature) {
        byte[] message;
        byte[] ed25519;
        if (type == Type.COSIGNATURE_V1) {
            if (signature.length != TIMESTAMP_BYTES + ED25519_SIGNATURE_BYTES) {
                return false;
            }
            long timestamp = ByteBuffer.wrap(signature).getLong();
            if (timestamp < 0) {
                return false;
            }
            message = Cosignatures.message(text, timestamp);
            ed25519 = Arrays.copyOfRange(signature, TIMESTAMP_BYTES, signature.length);
        } else {
            if (signature.length != ED25519_SIGNATURE_BYTES) {
                return false;
            }
            message = text.getBytes(StandardCharsets.UTF_8);
            ed25519 = signature;
        }
        return Signatures.verify(publicKey, message, Base64.getEncoder().encodeToString(ed25519));
    }

    @Override
    public String toString() {
        return vkey();
    }
}
