package org.dsr.contracts.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole RFC 6962 tree in memory, every perfect node kept: for a batch of outcomes, the verifier and tests. A log
 * of millions of records keeps its nodes in a database instead and uses {@link ProofPlan} the same way.
 */
public final class InMemoryTree {

    private final List<List<byte[]>> levels = new ArrayList<>();

    public InMemoryTree() {}

    public InMemoryTree(List<byte[]> leafHashes) {
        leafHashes.forEach(this::append);
    }

    public void append(byte[] leafHash) {
        byte[] hash = leafHash;
        for (int level = 0; ; level++) {
            if (levels.size() == level) {
                levels.add(new ArrayList<>());
            }
            List<byte[]> nodes = levels.get(level);
            nodes.add(hash);
            if (nodes.size() % 2 != 0) {
                return;
            }
            hash = Merkle.nodeHash(nodes.get(nodes.size() - 2), hash);
        }
    }

    public long size() {
        return levels.isEmpty() ? 0 : levels.get(0).size();
    }

    public byte[] leafHash(long index) {
        return node(new NodeId(0, index));
    }

    public byte[] root() {
        return root(size());
    }

    public byte[] root(long size) {
        requireSize(size);
        return ProofPlan.resolveRoot(size, this::node);
    }

    public List<byte[]> inclusionProof(long index, long size) {
        requireSize(size);
        return ProofPlan.resolve(ProofPlan.inclusion(index, size), this::node);
    }

    public List<byte[]> consistencyProof(long oldSize, long newSize) {
        requireSize(newSize);
        return ProofPlan.resolve(ProofPlan.consistency(oldSize, newSize), this::node);
    }

    /** The hash of a complete perfect subtree, or null when the tree does not (yet) hold it whole. */
    public byte[] node(NodeId id) {
        if (id.level() >= levels.size()) {
            return null;
        }
        List<byte[]> nodes = levels.get(id.level());
        return id.index() < nodes.size() ? nodes.get((int) id.index()) : null;
    }

    private void requireSize(long size) {
        if (size < 0 || size > size()) {
            throw new IllegalArgumentException("the tree has " + size() + " leaves, not " + size);
        }
    }
}
