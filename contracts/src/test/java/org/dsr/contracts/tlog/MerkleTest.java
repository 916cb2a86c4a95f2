package org.dsr.contracts.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RFC 6962 hashing and proofs against the Certificate Transparency reference vectors (the eight leaves of the CT
 * test suite, their roots, and the published inclusion and consistency proofs), then every proof of every tree up to
 * 40 leaves built, verified and tampered with.
 */
class MerkleTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final List<byte[]> CT_ENTRIES = List.of(
            hex(""),
            hex("00"),
            hex("10"),
            hex("2021"),
            hex("3031"),
            hex("40414243"),
            hex("5051525354555657"),
            hex("606162636465666768696a6b6c6d6e6f"));
    private static final List<String> CT_ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static List<byte[]> ctLeaves() {
        return CT_ENTRIES.stream().map(Merkle::leafHash).toList();
    }

    @Nested
    class ReferenceVectors {

        @Test
        void roots_of_every_size_are_the_certificate_transparency_ones() {
            List<byte[]> leaves = ctLeaves();
            for (int size = 0; size <= leaves.size(); size++) {
                assertThat(HEX.formatHex(Merkle.root(leaves.subList(0, size))))
                        .as("root of size %d", size)
                        .isEqualTo(CT_ROOTS.get(size));
            }
        }

        @Test
        void inclusion_proofs_are_the_published_ones() {
            InMemoryTree tree = new InMemoryTree(ctLeaves());
            assertThat(hexes(tree.inclusionProof(0, 8)))
                    .containsExactly(
                            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
            assertThat(hexes(tree.inclusionProof(5, 8)))
                    .containsExactly(
                            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        }

        @Test
        void consistency_proofs_are_the_published_ones() {
            InMemoryTree tree = new InMemoryTree(ctLeaves());
            assertThat(hexes(tree.consistencyProof(2, 8)))
                    .containsExactly(
                            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
            assertThat(hexes(tree.consistencyProof(6, 8)))
                    .containsExactly(
                            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
            assertThat(hexes(tree.consistencyProof(2, 5)))
                    .containsExactly(
                            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        }
    }

    @Nested
    class EveryTreeUpTo40Leaves {

        private final List<byte[]> leaves = syntheticLeaves(40);

        @Test
        void every_inclusion_proof_verifies_and_every_wrong_claim_fails() throws Exception {
            InMemoryTree tree = new InMemoryTree(leaves);
            for (int size = 1; size <= leaves.size(); size++) {
                byte[] root = tree.root(size);
                assertThat(root).isEqualTo(Merkle.root(leaves.subList(0, size)));
                for (int index = 0; index < size; index++) {
                    List<byte[]> proof = tree.inclusionProof(index, size);
                    Merkle.verifyInclusion(index, size, leaves.get(index), proof, root);
                    int i = index;
                    int s = size;
                    assertThatThrownBy(() -> Merkle.verifyInclusion(i, s, leaves.get((i + 1) % 40), proof, root))
                            .isInstanceOf(InvalidProofException.class);
                    if (size > 1) {
                        assertThatThrownBy(() -> Merkle.verifyInclusion((i + 1) % s, s, leaves.get(i), proof, root))
                                .isInstanceOf(InvalidProofException.class);
                        assertThatThrownBy(() -> Merkle.verifyInclusion(i, s, leaves.get(i), tampered(proof), root))
                                .isInstanceOf(InvalidProofException.class);
                        assertThatThrownBy(() -> Merkle.verifyInclusion(
                                        i, s, leaves.get(i), proof.subList(0, proof.size() - 1), root))
                                .isInstanceOf(InvalidProofException.class);
                    }
                }
            }
        }

        @Test
        void every_consistency_proof_verifies_and_a_rewritten_history_fails() throws Exception {
            InMemoryTree tree = new InMemoryTree(leaves);
            List<byte[]> forkedLeaves = new ArrayList<>(leaves);
            forkedLeaves.set(3, Merkle.leafHash(new byte[] {9, 9, 9}));
            InMemoryTree forked = new InMemoryTree(forkedLeaves);
            for (int newSize = 1; newSize <= leaves.size(); newSize++) {
                for (int oldSize = 0; oldSize <= newSize; oldSize++) {
                    List<byte[]> proof = tree.consistencyProof(oldSize, newSize);
                    Merkle.verifyConsistency(oldSize, newSize, tree.root(oldSize), tree.root(newSize), proof);
                    int m = oldSize;
                    int n = newSize;
                    if (m > 3 && m < n) {
                        // the log rewrote leaf 3 after showing the old tree: no proof gets the new root past it
                        assertThatThrownBy(() -> Merkle.verifyConsistency(
                                        m, n, tree.root(m), forked.root(n), forked.consistencyProof(m, n)))
                                .isInstanceOf(InvalidProofException.class);
                        assertThatThrownBy(() ->
                                        Merkle.verifyConsistency(m, n, tree.root(m), tree.root(n), tampered(proof)))
                                .isInstanceOf(InvalidProofException.class);
                    }
                }
            }
        }

        @Test
        void a_compact_range_has_the_trees_root_and_reports_exactly_its_perfect_nodes() {
            InMemoryTree tree = new InMemoryTree();
            CompactRange range = CompactRange.empty();
            Map<NodeId, byte[]> stored = new HashMap<>();
            for (byte[] leaf : leaves) {
                tree.append(leaf);
                range.append(leaf, stored::put);
                assertThat(range.root()).isEqualTo(tree.root());
                CompactRange resumed = CompactRange.of(range.size(), range.hashes());
                assertThat(resumed.root()).isEqualTo(tree.root());
            }
            stored.forEach((id, hash) -> assertThat(tree.node(id)).as("%s", id).isEqualTo(hash));
            // 40 leaves: 40 + 20 + 10 + 5 + 2 + 1 perfect nodes
            assertThat(stored).hasSize(78);
            // and proofs served from the stored nodes alone are the tree's
            for (int size = 1; size <= 40; size++) {
                for (int index = 0; index < size; index++) {
                    assertThat(ProofPlan.resolve(ProofPlan.inclusion(index, size), stored::get))
                            .containsExactlyElementsOf(tree.inclusionProof(index, size));
                }
                assertThat(ProofPlan.resolveRoot(size, stored::get)).isEqualTo(tree.root(size));
            }
        }
    }

    @Test
    void wrong_shapes_are_refused_with_a_reason() {
        byte[] root = Merkle.root(syntheticLeaves(4));
        assertThatThrownBy(() -> Merkle.verifyInclusion(4, 4, root, List.of(), root))
                .hasMessageContaining("outside a tree of size 4");
        assertThatThrownBy(() -> Merkle.verifyConsistency(5, 4, root, root, List.of()))
                .hasMessageContaining("cannot extend");
        assertThatThrownBy(() -> Merkle.verifyConsistency(4, 4, root, Merkle.emptyRoot(), List.of()))
                .hasMessageContaining("two different roots for the same size");
        assertThatThrownBy(() -> Merkle.verifyConsistency(0, 4, null, root, List.of(root)))
                .hasMessageContaining("from the empty tree must be empty");
        assertThatThrownBy(() -> Merkle.verifyInclusion(0, 2, new byte[5], List.of(root), root))
                .hasMessageContaining("not a SHA-256 hash");
    }

    static List<byte[]> syntheticLeaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(Merkle.leafHash(new byte[] {(byte) i, (byte) (i * 7)}));
        }
        return leaves;
    }

    private static List<byte[]> tampered(List<byte[]> proof) {
        List<byte[]> copy = new ArrayList<>(proof.size());
        proof.forEach(hash -> copy.add(hash.clone()));
        copy.get(copy.size() - 1)[0] ^= 1;
        return copy;
    }

    private static List<String> hexes(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    private static byte[] hex(String value) {
        return HEX.parseHex(value);
    }
}
