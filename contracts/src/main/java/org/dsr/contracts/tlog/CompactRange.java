package org.dsr.contracts.tlog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The right edge of a tree growing from leaf 0: the hashes of the perfect subtrees of the binary decomposition of its
 * size, largest first. It is all a sequencer needs to append leaves and know the root (at most 63 hashes), and each
 * append reports the perfect nodes it completes so a store can keep them for proofs. It also checks an export: the
 * {@code left} hashes of a range start it, the records of the range are appended, and its root is the tree's at the
 * end of the range.
 */
public final class CompactRange {

    private long size;
    private final List<byte[]> hashes;

    private CompactRange(long size, List<byte[]> hashes) {
        this.size = size;
        this.hashes = hashes;
    }

    public static CompactRange empty() {
        return new CompactRange(0, new ArrayList<>());
    }

    /** A range resumed from its size and the hashes of {@link ProofPlan#root(long)} for that size, in that order. */
    public static CompactRange of(long size, List<byte[]> hashes) {
        if (size < 0 || hashes.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException(
                    "a tree of size " + size + " has " + Long.bitCount(size) + " edge hashes, not " + hashes.size());
        }
        for (byte[] hash : hashes) {
            if (hash == null || hash.length != Merkle.HASH_BYTES) {
                throw new IllegalArgumentException("an edge hash is not a SHA-256 hash");
            }
        }
        return new CompactRange(size, new ArrayList<>(hashes));
    }

    /** Appends a leaf; {@code completed} receives every perfect node this completes, the leaf itself first. */
    public void append(byte[] leafHash, BiConsumer<NodeId, byte[]> completed) {
        long index = size;
        byte[] hash = leafHash;
        completed.accept(new NodeId(0, index), hash);
        int level = 0;
        while (((index >> level) & 1) == 1) {
            hash = Merkle.nodeHash(hashes.remove(hashes.size() - 1), hash);
            level++;
            completed.accept(new NodeId(level, index >> level), hash);
        }
        hashes.add(hash);
        size++;
    }

    public void append(byte[] leafHash) {
        append(leafHash, (id, hash) -> {});
    }

    public long size() {
        return size;
    }

    public byte[] root() {
        return size == 0 ? Merkle.emptyRoot() : Merkle.foldRight(hashes);
    }

    /** The edge hashes, largest subtree first (the nodes of {@link ProofPlan#root(long)}). */
    public List<byte[]> hashes() {
        return List.copyOf(hashes);
    }
}
