package org.dsr.contracts.tlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 (and RFC 9162 §2.1) Merkle tree hashing, proofs and their verification. Proofs are built from the perfect
 * subtrees a {@link ProofPlan} names, so a store that keeps every perfect node answers any proof with a handful of
 * reads; the in-memory methods here are for small trees (a batch of outcomes, tests, the verifier).
 */
public final class Merkle {

    public static final int HASH_BYTES = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private Merkle() {}

    /** The root of the empty tree: SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    public static byte[] leafHash(byte[] entry) {
        MessageDigest digest = sha256();
        digest.update(LEAF_PREFIX);
        digest.update(entry);
        return digest.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = sha256();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /**
     * The hash of a range made of perfect subtrees given left to right, largest first (as a {@link ProofPlan} lists
     * them): folded from the right, as RFC 6962 splits a tree at the largest power of two below its size.
     */
    public static byte[] foldRight(List<byte[]> perfectNodesLeftToRight) {
        if (perfectNodesLeftToRight.isEmpty()) {
            throw new IllegalArgumentException("nothing to fold");
        }
        byte[] hash = perfectNodesLeftToRight.get(perfectNodesLeftToRight.size() - 1);
        for (int i = perfectNodesLeftToRight.size() - 2; i >= 0; i--) {
            hash = nodeHash(perfectNodesLeftToRight.get(i), hash);
        }
        return hash;
    }

    public static byte[] root(List<byte[]> leafHashes) {
        return leafHashes.isEmpty() ? emptyRoot() : rangeHash(leafHashes, 0, leafHashes.size());
    }

    /** The audit path of leaf {@code index} in the tree of all {@code leafHashes}, from the leaf up. */
    public static List<byte[]> inclusionProof(long index, List<byte[]> leafHashes) {
        return new InMemoryTree(leafHashes).inclusionProof(index, leafHashes.size());
    }

    /** The consistency proof from {@code oldSize} to the tree of all {@code leafHashes}. */
    public static List<byte[]> consistencyProof(long oldSize, List<byte[]> leafHashes) {
        return new InMemoryTree(leafHashes).consistencyProof(oldSize, leafHashes.size());
    }

    /** The root an inclusion proof leads to (RFC 9162 §2.1.3.2); throws when the proof has the wrong shape. */
    public static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> proof)
            throws InvalidProofException {
        if (index < 0 || size <= 0 || index >= size) {
            throw new InvalidProofException("leaf index " + index + " is outside a tree of size " + size);
        }
        requireHash(leafHash, "leaf hash");
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            requireHash(p, "proof hash");
            if (sn == 0) {
                throw new InvalidProofException("the inclusion proof is longer than the tree is deep");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new InvalidProofException("the inclusion proof is shorter than the tree is deep");
        }
        return r;
    }

    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws InvalidProofException {
        requireHash(root, "root hash");
        if (!Arrays.equals(rootFromInclusion(index, size, leafHash, proof), root)) {
            throw new InvalidProofException(
                    "leaf " + index + " is not in the tree of size " + size + " with this root");
        }
    }

    /** RFC 9162 §2.1.4.2, with the empty old tree consistent with every tree (as c2sp.org/tlog-witness has it). */
    public static void verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof)
            throws InvalidProofException {
        if (oldSize < 0 || newSize < oldSize) {
            throw new InvalidProofException("a tree of size " + newSize + " cannot extend one of size " + oldSize);
        }
        requireHash(newRoot, "new root hash");
        if (oldSize == 0) {
            if (!proof.isEmpty()) {
                throw new InvalidProofException("a consistency proof from the empty tree must be empty");
            }
            return;
        }
        requireHash(oldRoot, "old root hash");
        if (oldSize == newSize) {
            if (!proof.isEmpty()) {
                throw new InvalidProofException("a consistency proof between equal sizes must be empty");
            }
            if (!Arrays.equals(oldRoot, newRoot)) {
                throw new InvalidProofException("two different roots for the same size " + newSize);
            }
            return;
        }
        if (proof.isEmpty()) {
            throw new InvalidProofException("the consistency proof is empty");
        }
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(oldSize) == 1) {
            path.add(oldRoot);
        }
        path.addAll(proof);
        for (byte[] p : path) {
            requireHash(p, "proof hash");
        }
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                throw new InvalidProofException("the consistency proof is too long");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new InvalidProofException("the consistency proof is too short");
        }
        if (!Arrays.equals(fr, oldRoot)) {
            throw new InvalidProofException(
                    "the tree of size " + newSize + " does not extend the old root of size " + oldSize);
        }
        if (!Arrays.equals(sr, newRoot)) {
            throw new InvalidProofException("the consistency proof does not lead to the new root of size " + newSize);
        }
    }

    /** The largest power of two strictly below {@code n} (n ≥ 2): where RFC 6962 splits a tree of n leaves. */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    static byte[] rangeHash(List<byte[]> leafHashes, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leafHashes.get(from);
        }
        int k = (int) split(n);
        return nodeHash(rangeHash(leafHashes, from, from + k), rangeHash(leafHashes, from + k, to));
    }

    private static void requireHash(byte[] hash, String what) throws InvalidProofException {
        if (hash == null || hash.length != HASH_BYTES) {
            throw new InvalidProofException(what + " is not a SHA-256 hash");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
