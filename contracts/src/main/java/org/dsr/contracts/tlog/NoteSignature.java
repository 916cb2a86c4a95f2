package org.dsr.contracts.tlog;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * One signature line of a C2SP signed note: {@code — <key name> base64(key ID || signature)}.
 *
 * @param keyId the 32-bit key ID (big-endian in the encoding)
 * @param signature the bytes after the key ID (for a cosignature: the 8-byte timestamp, then the Ed25519 signature)
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {

    static final String DASH = "\u2014";

    public NoteSignature {
        SignedNote.requireKeyName(keyName);
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The line as it appears in a note, without its newline. */
    public String line() {
        ByteBuffer bytes = ByteBuffer.allocate(4 + signature.length);
        bytes.putInt(keyId).put(signature);
        return DASH + " " + keyName + " " + Base64.getEncoder().encodeToString(bytes.array());
    }

    static NoteSignature parseLine(String line) throws InvalidProofException {
        if (!line.startsWith(DASH + " ")) {
            throw new InvalidProofException("a signature line must start with an em dash and a space");
        }
        String rest = line.substring(2);
        int space = rest.indexOf(' ');
        if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
            throw new InvalidProofException("a signature line is a key name and a base64 signature");
        }
        String name = rest.substring(0, space);
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException("a signature is not base64");
        }
        if (decoded.length < 5) {
            throw new InvalidProofException("a signature is too short");
        }
        try {
            return new NoteSignature(
                    name, ByteBuffer.wrap(decoded).getInt(), Arrays.copyOfRange(decoded, 4, decoded.length));
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException(e.getMessage());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteSignature that
                && keyName.equals(that.keyName)
                && keyId == that.keyId
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * keyName.hashCode() + keyId) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return line();
    }
}
