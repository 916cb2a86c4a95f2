package org.dsr.contracts.tlog;

/**
 * A perfect subtree of an RFC 6962 tree: the {@code 2^level} leaves {@code [index << level, (index + 1) << level)}.
 * Level 0 is a leaf. Once complete, a perfect subtree never changes, so its hash can be stored and served forever.
 */
public record NodeId(int level, long index) {

    public NodeId {
        if (level < 0 || level > 62 || index < 0) {
            throw new IllegalArgumentException("no such node: level " + level + ", index " + index);
        }
    }

    public long firstLeaf() {
        return index << level;
    }

    public long endLeaf() {
        return (index + 1) << level;
    }
}
