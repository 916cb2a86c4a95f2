package org.dsr.contracts.tlog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which perfect subtrees a proof or a root is made of, so a store that keeps every perfect node (as the completion
 * log does) can fetch them in one query. Each element of a plan is one hash of the proof: the right-fold
 * ({@link Merkle#foldRight}) of the perfect nodes listed for it, left to right. The shapes are RFC 9162 §2.1.3.1
 * (inclusion, leaf first) and §2.1.4.1 (consistency).
 */
public final class ProofPlan {

    private ProofPlan() {}

    public static List<List<NodeId>> inclusion(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
        }
        List<List<NodeId>> plan = new ArrayList<>();
        inclusion(index, 0, size, plan);
        return plan;
    }

    public static List<List<NodeId>> consistency(long oldSize, long newSize) {
        if (oldSize < 0 || newSize < oldSize) {
            throw new IllegalArgumentException("no consistency proof from size " + oldSize + " to " + newSize);
        }
        List<List<NodeId>> plan = new ArrayList<>();
        if (oldSize > 0 && oldSize < newSize) {
            subproof(oldSize, 0, newSize, true, plan);
        }
        return plan;
    }

    /** The perfect nodes whose right-fold is the root of a tree of {@code size} leaves (empty for the empty tree). */
    public static List<NodeId> root(long size) {
        return size == 0 ? List.of() : range(0, size);
    }

    /** The perfect nodes of the binary decomposition of {@code [from, to)}, largest first; {@code from} aligned. */
    public static List<NodeId> range(long from, long to) {
        List<NodeId> nodes = new ArrayList<>();
        long start = from;
        while (start < to) {
            long piece = Long.highestOneBit(to - start);
            while (start % piece != 0) {
                piece >>= 1;
            }
            nodes.add(new NodeId(Long.numberOfTrailingZeros(piece), start / piece));
            start += piece;
        }
        return nodes;
    }

    /** Every node a plan needs, once each: what a store fetches. */
    public static Set<NodeId> nodes(List<List<NodeId>> plan) {
        Set<NodeId> all = new LinkedHashSet<>();
        plan.forEach(all::addAll);
        return all;
    }

    /** The proof hashes of a plan, from a lookup of perfect nodes (which must know every node the plan names). */
    public static List<byte[]> resolve(List<List<NodeId>> plan, Function<NodeId, byte[]> nodes) {
        List<byte[]> proof = new ArrayList<>(plan.size());
        for (List<NodeId> element : plan) {
            List<byte[]> hashes = new ArrayList<>(element.size());
            for (NodeId id : element) {
                byte[] hash = nodes.apply(id);
                if (hash == null) {
                    throw new IllegalStateException("node " + id + " is not stored");
                }
                hashes.add(hash);
            }
            proof.add(Merkle.foldRight(hashes));
        }
        return proof;
    }

    /** The root of a tree of {@code size} leaves, from a lookup of perfect nodes. */
    public static byte[] resolveRoot(long size, Function<NodeId, byte[]> nodes) {
        return size == 0
                ? Merkle.emptyRoot()
                : resolve(List.of(root(size)), nodes).get(0);
    }

    private static void inclusion(long index, long start, long n, List<List<NodeId>> plan) {
        if (n == 1) {
            return;
        }
        long k = Merkle.split(n);
        if (index < k) {
            inclusion(index, start, k, plan);
            plan.add(range(start + k, start + n));
        } else {
            inclusion(index - k, start + k, n - k, plan);
            plan.add(range(start, start + k));
        }
    }

    private static void subproof(long m, long start, long n, boolean complete, List<List<NodeId>> plan) {
        if (m == n) {
            if (!complete) {
                plan.add(range(start, start + n));
            }
            return;
        }
        long k = Merkle.split(n);
        if (m <= k) {
            subproof(m, start, k, complete, plan);
            plan.add(range(start + k, start + n));
        } else {
            subproof(m - k, start + k, n - k, false, plan);
            plan.add(range(start, start + k));
        }
    }
}
