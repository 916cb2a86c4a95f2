package org.dsr.witness;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsr.contracts.tlog.InvalidProofException;
import org.dsr.contracts.tlog.Merkle;
import org.dsr.contracts.tlog.SignedNote;

/**
 * The body of {@code POST /add-checkpoint} (c2sp.org/tlog-witness): an old size line, zero to 63 consistency proof
 * lines, an empty line, then the signed checkpoint note. Parsing is strict; what does not parse is a 400.
 *
 * @param oldSize the size of the checkpoint the client believes the witness cosigned last
 * @param proof the consistency proof from {@code oldSize} to the checkpoint's size
 * @param note the signed checkpoint (not yet verified)
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> proof, SignedNote note) {

    /** The most consistency proof lines a client may send. */
    public static final int MAX_PROOF_LINES = 63;

    private static final Pattern OLD_LINE = Pattern.compile("old (0|[1-9][0-9]{0,18})");

    public AddCheckpointRequest {
        proof = proof.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> proof() {
        return proof.stream().map(byte[]::clone).toList();
    }

    /** The checkpoint's origin: the first line of the note's text. */
    public String origin() {
        String text = note.text();
        return text.substring(0, text.indexOf('\n'));
    }

    /** The request the body holds; the exception's message says what is wrong with it (never quoting it). */
    public static AddCheckpointRequest parse(byte[] body) throws InvalidProofException {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidProofException("the body is not UTF-8 text");
        }
        int end = text.indexOf('\n');
        if (end < 0) {
            throw new InvalidProofException("the body has no old size line");
        }
        Matcher old = OLD_LINE.matcher(text.substring(0, end));
        if (!old.matches()) {
            throw new InvalidProofException("the first line is \"old <size>\", a decimal without leading zeros");
        }
        long oldSize;
        try {
            oldSize = Long.parseLong(old.group(1));
        } catch (NumberFormatException e) {
            throw new InvalidProofException("the old size is too large");
        }
        List<byte[]> proof = new ArrayList<>();
        int start = end + 1;
        while (true) {
            end = text.indexOf('\n', start);
            if (end < 0) {
                throw new InvalidProofException("the body has no empty line before the checkpoint");
            }
            if (end == start) {
                break;
            }
            if (proof.size() == MAX_PROOF_LINES) {
                throw new InvalidProofException("more than " + MAX_PROOF_LINES + " consistency proof lines");
            }
            byte[] hash;
            try {
                hash = Base64.getDecoder().decode(text.substring(start, end));
            } catch (IllegalArgumentException e) {
                throw new InvalidProofException("a consistency proof line is not base64");
            }
            if (hash.length != Merkle.HASH_BYTES) {
                throw new InvalidProofException("a consistency proof line is not a SHA-256 hash");
            }
            proof.add(hash);
            start = end + 1;
        }
        SignedNote note = SignedNote.parse(text.substring(end + 1));
        return new AddCheckpointRequest(oldSize, proof, note);
    }
}
