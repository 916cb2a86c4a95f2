package org.dsr.contracts.tlog;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The text of a C2SP checkpoint (c2sp.org/tlog-checkpoint): origin, tree size, base64 root hash, optional extension
 * lines. The signed note around it is {@link SignedNote}.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    public Checkpoint {
        if (origin == null || origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint's origin is one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is not negative");
        }
        if (rootHash == null || rootHash.length != Merkle.HASH_BYTES) {
            throw new IllegalArgumentException("a root hash is a SHA-256 hash");
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        for (String line : extensions) {
            if (line.isEmpty() || line.contains("\n")) {
                throw new IllegalArgumentException("an extension line is one non-empty line");
            }
        }
    }

    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public String rootHashBase64() {
        return Base64.getEncoder().encodeToString(rootHash);
    }

    /** The note text: each line ends with a newline. */
    public String text() {
        StringBuilder text = new StringBuilder()
                .append(origin)
                .append('\n')
                .append(size)
                .append('\n')
                .append(rootHashBase64())
                .append('\n');
        extensions.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    public static Checkpoint parse(String text) throws InvalidProofException {
        if (!text.endsWith("\n")) {
            throw new InvalidProofException("a checkpoint's text ends with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new InvalidProofException("a checkpoint has an origin, a size and a root hash");
        }
        for (String line : lines) {
            if (line.isEmpty()) {
                throw new InvalidProofException("a checkpoint has no empty line");
            }
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new InvalidProofException("a checkpoint's size is a decimal number without leading zeros");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new InvalidProofException("a checkpoint's size is too large");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException("a checkpoint's root hash is not base64");
        }
        if (root.length != Merkle.HASH_BYTES) {
            throw new InvalidProofException("a checkpoint's root hash is not a SHA-256 hash");
        }
        if (size == 0 && !Arrays.equals(root, Merkle.emptyRoot())) {
            throw new InvalidProofException("an empty checkpoint must have the empty tree's root");
        }
        return new Checkpoint(lines[0], size, root, Arrays.asList(lines).subList(3, lines.length));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that
                && origin.equals(that.origin)
                && size == that.size
                && Arrays.equals(rootHash, that.rootHash)
                && extensions.equals(that.extensions);
    }

    @Override
    public int hashCode() {
        return (31 * origin.hashCode() + Long.hashCode(size)) * 31 + Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return origin + " " + size + " " + rootHashBase64();
    }
}
