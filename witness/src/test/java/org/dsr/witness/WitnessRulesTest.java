package org.dsr.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.dsr.contracts.tlog.Checkpoint;
import org.dsr.contracts.tlog.Merkle;
import org.dsr.contracts.tlog.NoteSignature;
import org.dsr.contracts.tlog.SignedNote;
import org.dsr.witness.WitnessRules.Refusal;
import org.dsr.witness.WitnessRules.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the witness answers, for every status of c2sp.org/tlog-witness and the attacks it exists to stop. */
class WitnessRulesTest {

    private final TestLog log = new TestLog().grow(20);

    private Verdict decide(AddCheckpointRequest request, Optional<Checkpoint> latest) {
        return WitnessRules.decide(request, List.of(log.key()), latest);
    }

    private static AddCheckpointRequest parse(String body) throws Exception {
        return AddCheckpointRequest.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void assertRefused(Verdict verdict, Refusal refusal, String reason) {
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Refuse.class, refuse -> {
            assertThat(refuse.refusal()).isEqualTo(refusal);
            assertThat(refuse.reason()).contains(reason);
        });
    }

    @Nested
    class Cosigns {

        @Test
        void the_first_checkpoint_of_a_log_from_old_size_0() throws Exception {
            // given a witness that never cosigned for the log
            // when the log asks with old size 0 and no proof
            Verdict verdict = decide(log.request(0, 10), Optional.empty());
            // then it cosigns, keeping the log's verified signature
            assertThat(verdict).isInstanceOfSatisfying(Verdict.Cosign.class, cosign -> {
                assertThat(cosign.checkpoint()).isEqualTo(log.checkpoint(10));
                assertThat(cosign.logSignatures()).hasSize(1);
            });
        }

        @Test
        void a_bigger_checkpoint_with_a_consistency_proof_from_the_latest() throws Exception {
            // given the witness cosigned size 7
            // when the log grew to 20 and proves it
            Verdict verdict = decide(log.request(7, 20), Optional.of(log.checkpoint(7)));
            // then it cosigns
            assertThat(verdict).isInstanceOf(Verdict.Cosign.class);
        }

        @Test
        void the_same_checkpoint_again() throws Exception {
            // given the witness cosigned size 10; when the log sends the same checkpoint (same size, same root)
            Verdict verdict = decide(log.request(10, 10), Optional.of(log.checkpoint(10)));
            // then it cosigns it again (a fresh timestamp: "as of now, this is the largest")
            assertThat(verdict).isInstanceOf(Verdict.Cosign.class);
        }

        @Test
        void the_empty_tree_with_its_root() throws Exception {
            Verdict verdict = decide(log.request(0, 0), Optional.empty());
            assertThat(verdict)
                    .isInstanceOfSatisfying(
                            Verdict.Cosign.class,
                            cosign -> assertThat(cosign.checkpoint().size()).isZero());
        }

        @Test
        void ignoring_signatures_of_unknown_keys_beside_the_logs() throws Exception {
            // given a checkpoint signed by the log and by a key the witness does not know
            SignedNote signed = log.signed(10);
            NoteSignature other = TestLog.newSigner("someone.else/key").sign(signed.text());
            SignedNote both = signed.withSignatures(List.of(other));
            // when it is submitted; then it is cosigned, with the log's signature only kept
            Verdict verdict = decide(parse(TestLog.body(0, List.of(), both)), Optional.empty());
            assertThat(verdict)
                    .isInstanceOfSatisfying(
                            Verdict.Cosign.class,
                            cosign -> assertThat(cosign.logSignatures())
                                    .containsExactly(signed.signatures().get(0)));
        }
    }

    @Nested
    class NotFound {

        @Test
        void a_log_it_does_not_know() throws Exception {
            // given a witness that trusts no log of this origin
            // when a checkpoint of that origin comes
            Verdict verdict = WitnessRules.decide(log.request(0, 10), List.of(), Optional.empty());
            // then 404
            assertRefused(verdict, Refusal.NOT_FOUND, "unknown log origin");
        }
    }

    @Nested
    class Forbidden {

        @Test
        void a_checkpoint_signed_with_another_key_under_the_logs_name() throws Exception {
            // given an insider's own key, named as the log
            TestLog impostor = TestLog.impostor().grow(20);
            // when it signs a checkpoint of the log's origin
            Verdict verdict = decide(impostor.request(0, 10), Optional.empty());
            // then 403: no signature of a trusted key (the impostor's line is ignored as unknown)
            assertRefused(verdict, Refusal.FORBIDDEN, "no signature of a trusted key");
        }

        @Test
        void a_signature_of_the_trusted_key_that_does_not_verify() throws Exception {
            // given the log's signature on size 10 moved onto a checkpoint of size 11
            SignedNote ten = log.signed(10);
            Checkpoint eleven = log.checkpoint(11);
            SignedNote forged = new SignedNote(eleven.text(), ten.signatures());
            // when submitted; then 403
            Verdict verdict = decide(parse(TestLog.body(0, List.of(), forged)), Optional.empty());
            assertRefused(verdict, Refusal.FORBIDDEN, "does not verify");
        }

        @Test
        void a_valid_and_a_failing_signature_of_trusted_keys_together() throws Exception {
            // given a log with two trusted keys (a rotation), one signature verifies, the other does not
            TestLog rotated = TestLog.impostor();
            SignedNote signed = log.signed(10);
            NoteSignature bad = rotated.signer.sign("another text\n");
            SignedNote note = signed.withSignatures(List.of(bad));
            // when submitted; then 403: the note is malformed
            Verdict verdict = WitnessRules.decide(
                    parse(TestLog.body(0, List.of(), note)), List.of(log.key(), rotated.key()), Optional.empty());
            assertRefused(verdict, Refusal.FORBIDDEN, "does not verify");
        }
    }

    @Nested
    class BadRequest {

        @Test
        void an_old_size_above_the_checkpoints_size_a_rollback() throws Exception {
            // given the witness cosigned size 15
            // when an insider with the log's key asks for size 10, claiming old size 15
            Verdict verdict =
                    decide(parse(TestLog.body(15, List.of(), log.signed(10))), Optional.of(log.checkpoint(15)));
            // then 400: a smaller tree never follows a bigger one
            assertRefused(verdict, Refusal.BAD_REQUEST, "larger than the checkpoint's size");
        }

        @Test
        void a_signed_note_that_is_not_a_checkpoint() throws Exception {
            SignedNote note = TestLog.signedBy(log.signer, TestLog.ORIGIN + "\nten\nroot\n");
            Verdict verdict = decide(parse(TestLog.body(0, List.of(), note)), Optional.empty());
            assertRefused(verdict, Refusal.BAD_REQUEST, "not a checkpoint");
        }

        @Test
        void a_root_hash_in_non_canonical_base64() throws Exception {
            // given a root line whose last base64 character carries bits the decoder drops
            String root = log.checkpoint(10).rootHashBase64();
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            int last = alphabet.indexOf(root.charAt(root.length() - 2));
            String other = root.substring(0, root.length() - 2) + alphabet.charAt(last + 1) + "=";
            assertThat(Base64.getDecoder().decode(other))
                    .isEqualTo(Base64.getDecoder().decode(root));
            SignedNote note = TestLog.signedBy(log.signer, TestLog.ORIGIN + "\n10\n" + other + "\n");
            // when submitted; then 400: the witness cosigns only text that reads back the same
            Verdict verdict = decide(parse(TestLog.body(0, List.of(), note)), Optional.empty());
            assertRefused(verdict, Refusal.BAD_REQUEST, "not canonical");
        }
    }

    @Nested
    class Conflict {

        @Test
        void an_old_size_that_is_not_the_latest_cosigned_one() throws Exception {
            // given the witness cosigned size 12; when the log believes it was 7
            Verdict verdict = decide(log.request(7, 20), Optional.of(log.checkpoint(12)));
            // then 409 with 12, so the log can retry with a proof from 12
            assertThat(verdict).isEqualTo(new Verdict.Conflict(12));
        }

        @Test
        void a_first_request_that_assumes_a_state_the_witness_does_not_have() throws Exception {
            Verdict verdict = decide(log.request(7, 20), Optional.empty());
            assertThat(verdict).isEqualTo(new Verdict.Conflict(0));
        }

        @Test
        void a_replayed_old_request() throws Exception {
            // given the witness went 0 -> 10 -> 20
            AddCheckpointRequest first = log.request(0, 10);
            AddCheckpointRequest second = log.request(10, 20);
            assertThat(decide(first, Optional.empty())).isInstanceOf(Verdict.Cosign.class);
            assertThat(decide(second, Optional.of(log.checkpoint(10)))).isInstanceOf(Verdict.Cosign.class);
            // when either earlier request is replayed
            // then 409 with 20: nothing rolls back
            assertThat(decide(first, Optional.of(log.checkpoint(20)))).isEqualTo(new Verdict.Conflict(20));
            assertThat(decide(second, Optional.of(log.checkpoint(20)))).isEqualTo(new Verdict.Conflict(20));
        }

        @Test
        void a_smaller_checkpoint_claiming_its_own_size_as_old_size() throws Exception {
            // given the witness cosigned 15; when size 10 comes with old size 10
            Verdict verdict = decide(log.request(10, 10), Optional.of(log.checkpoint(15)));
            // then 409: the witness is at 15
            assertThat(verdict).isEqualTo(new Verdict.Conflict(15));
        }
    }

    @Nested
    class Unprocessable {

        @Test
        void a_bigger_checkpoint_of_a_forked_history() throws Exception {
            // given the witness cosigned size 10 of the log
            // and the log's key signs a tree of 20 that changed leaf 5 (a rewritten history)
            TestLog forked = log.forkAt(5, "rewritten").grow(15);
            // when the fork's checkpoint comes with the fork's own proof from 10, or with the honest log's proof
            Verdict ownProof = decide(forked.request(10, 20), Optional.of(log.checkpoint(10)));
            Verdict honestProof = decide(
                    parse(TestLog.body(10, log.tree.consistencyProof(10, 20), forked.signed(20))),
                    Optional.of(log.checkpoint(10)));
            // then 422 both times
            assertRefused(ownProof, Refusal.UNPROCESSABLE, "not consistent");
            assertRefused(honestProof, Refusal.UNPROCESSABLE, "not consistent");
        }

        @Test
        void the_same_size_with_another_root_a_split_view() throws Exception {
            // given the witness cosigned size 10
            TestLog other = log.forkAt(9, "other").grow(1);
            // when the log's key signs another tree of size 10
            Verdict verdict = decide(other.request(10, 10), Optional.of(log.checkpoint(10)));
            // then 422
            assertRefused(verdict, Refusal.UNPROCESSABLE, "different roots");
        }

        @Test
        void a_non_empty_proof_from_size_0() throws Exception {
            Verdict verdict =
                    decide(parse(TestLog.body(0, log.tree.consistencyProof(5, 10), log.signed(10))), Optional.empty());
            assertRefused(verdict, Refusal.UNPROCESSABLE, "must be empty");
        }

        @Test
        void a_proof_that_does_not_verify() throws Exception {
            List<byte[]> proof = log.tree.consistencyProof(7, 20);
            proof.set(0, Merkle.leafHash(new byte[] {1}));
            Verdict verdict = decide(parse(TestLog.body(7, proof, log.signed(20))), Optional.of(log.checkpoint(7)));
            assertRefused(verdict, Refusal.UNPROCESSABLE, "not consistent");
        }

        @Test
        void an_empty_proof_between_different_sizes() throws Exception {
            Verdict verdict = decide(parse(TestLog.body(7, List.of(), log.signed(20))), Optional.of(log.checkpoint(7)));
            assertRefused(verdict, Refusal.UNPROCESSABLE, "empty");
        }

        @Test
        void an_empty_tree_with_another_root() throws Exception {
            // given a checkpoint of size 0 whose root is not SHA-256("")
            String text = TestLog.ORIGIN + "\n0\n" + log.checkpoint(3).rootHashBase64() + "\n";
            SignedNote note = TestLog.signedBy(log.signer, text);
            // when submitted; then 422
            Verdict verdict = decide(parse(TestLog.body(0, List.of(), note)), Optional.empty());
            assertRefused(verdict, Refusal.UNPROCESSABLE, "empty tree");
        }

        @Test
        void an_empty_tree_with_another_root_and_an_old_size_above_0_is_a_bad_request() throws Exception {
            String text = TestLog.ORIGIN + "\n0\n" + log.checkpoint(3).rootHashBase64() + "\n";
            SignedNote note = TestLog.signedBy(log.signer, text);
            assertRefused(
                    decide(parse(TestLog.body(3, List.of(), note)), Optional.empty()),
                    Refusal.BAD_REQUEST,
                    "larger than");
        }
    }
}
