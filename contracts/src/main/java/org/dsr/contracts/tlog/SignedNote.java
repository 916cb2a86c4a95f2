package org.dsr.contracts.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * A C2SP signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, and one or more signature lines.
 * Parsing is strict: valid UTF-8 (the caller decodes), no control characters but newlines, at most
 * {@link #MAX_SIGNATURES} signatures. The text must be ignored unless a trusted key's signature verifies
 * ({@link NoteKey#verify}).
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

    public static final int MAX_SIGNATURES = 16;
    public static final int MAX_BYTES = 64 * 1024;

    public SignedNote {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("a note's text ends with a newline");
        }
        signatures = List.copyOf(signatures);
    }

    public static SignedNote parse(String note) throws InvalidProofException {
        if (note.length() > MAX_BYTES) {
            throw new InvalidProofException("the note is longer than " + MAX_BYTES + " characters");
        }
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new InvalidProofException("the note holds a control character");
            }
            if (Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c)
                            && i + 1 < note.length()
                            && Character.isLowSurrogate(note.charAt(++i)))) {
                throw new InvalidProofException("the note is not valid UTF-8 text");
            }
        }
        if (!note.endsWith("\n")) {
            throw new InvalidProofException("the note does not end with a newline");
        }
        int separator = note.lastIndexOf("\n\n");
        if (separator < 0) {
            throw new InvalidProofException("the note has no blank line before its signatures");
        }
        String text = note.substring(0, separator + 1);
        String[] lines = note.substring(separator + 2).split("\n", -1);
        List<NoteSignature> signatures = new ArrayList<>();
        for (int i = 0; i < lines.length - 1; i++) {
            signatures.add(NoteSignature.parseLine(lines[i]));
        }
        if (signatures.isEmpty()) {
            throw new InvalidProofException("the note has no signature");
        }
        if (signatures.size() > MAX_SIGNATURES) {
            throw new InvalidProofException("the note has more than " + MAX_SIGNATURES + " signatures");
        }
        return new SignedNote(text, signatures);
    }

    /** The note as text: its text, a blank line, its signature lines. */
    public String format() {
        StringBuilder note = new StringBuilder(text).append('\n');
        signatures.forEach(signature -> note.append(signature.line()).append('\n'));
        return note.toString();
    }

    /** This note with more signatures after its own (a signature already present is not repeated). */
    public SignedNote withSignatures(List<NoteSignature> more) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        more.stream().filter(signature -> !all.contains(signature)).forEach(all::add);
        return new SignedNote(text, all);
    }

    static void requireKeyName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a key name is not empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c) || c < 0x20) {
                throw new IllegalArgumentException("a key name holds no spaces and no plus");
            }
        }
    }
}
