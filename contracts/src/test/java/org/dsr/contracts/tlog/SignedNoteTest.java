package org.dsr.contracts.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.List;
import org.dsr.contracts.crypto.Signatures;
import org.junit.jupiter.api.Test;

/** C2SP signed notes, checkpoints and v1 cosignatures, starting from the specification's own example. */
class SignedNoteTest {

    private static final String SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    private static final String SPEC_NOTE = "This is an example message.\n\n"
            + "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    private final KeyPair logKeys = Signatures.generate();
    private final KeyPair witnessKeys = Signatures.generate();
    private final NoteSigner log =
            new NoteSigner("dsr.example/completions", NoteKey.Type.ED25519, logKeys.getPrivate(), logKeys.getPublic());
    private final NoteSigner witness = new NoteSigner(
            "witness.example/w1", NoteKey.Type.COSIGNATURE_V1, witnessKeys.getPrivate(), witnessKeys.getPublic());

    @Test
    void the_specifications_example_note_verifies_with_its_vkey() throws Exception {
        NoteKey key = NoteKey.parseVkey(SPEC_VKEY);
        SignedNote note = SignedNote.parse(SPEC_NOTE);

        assertThat(key.vkey()).isEqualTo(SPEC_VKEY);
        assertThat(note.text()).isEqualTo("This is an example message.\n");
        assertThat(key.verify(note)).isPresent();
        assertThat(note.format()).isEqualTo(SPEC_NOTE);
    }

    @Test
    void a_changed_text_fails_and_signatures_of_unknown_keys_are_ignored() throws Exception {
        NoteKey key = NoteKey.parseVkey(SPEC_VKEY);
        SignedNote changed = SignedNote.parse(SPEC_NOTE.replace("example message", "exemplary message"));
        assertThatThrownBy(() -> key.verify(changed)).hasMessageContaining("does not verify");

        SignedNote other = SignedNote.parse(
                "This is an example message.\n\n" + log.sign("x\n").line() + "\n");
        assertThat(key.verify(other)).isEmpty();
    }

    @Test
    void a_signed_checkpoint_cosigned_by_a_witness_verifies_with_both_keys() throws Exception {
        Checkpoint checkpoint =
                new Checkpoint("dsr.example/completions", 3, Merkle.root(MerkleTest.syntheticLeaves(3)));
        SignedNote signed = new SignedNote(checkpoint.text(), List.of(log.sign(checkpoint.text())));
        NoteSignature cosignature = witness.cosign(signed.text(), 1_765_000_000L);
        SignedNote cosigned =
                SignedNote.parse(signed.withSignatures(List.of(cosignature)).format());

        assertThat(Checkpoint.parse(cosigned.text())).isEqualTo(checkpoint);
        assertThat(log.verifierKey().verify(cosigned)).isPresent();
        NoteKey witnessKey = NoteKey.parseVkey(witness.verifierKey().vkey());
        assertThat(witnessKey.verify(cosigned))
                .hasValueSatisfying(
                        found -> assertThat(Cosignatures.timestamp(found)).isEqualTo(1_765_000_000L));
        // the same key as a plain note key has another key ID: its cosignature is not mistaken for a note signature
        NoteKey sameKeyOtherType = new NoteKey("witness.example/w1", NoteKey.Type.ED25519, witnessKeys.getPublic());
        assertThat(sameKeyOtherType.keyId()).isNotEqualTo(witnessKey.keyId());
        assertThat(sameKeyOtherType.verify(cosigned)).isEmpty();
    }

    @Test
    void a_cosignature_moved_to_another_checkpoint_fails() throws Exception {
        Checkpoint three = new Checkpoint("dsr.example/completions", 3, Merkle.root(MerkleTest.syntheticLeaves(3)));
        Checkpoint four = new Checkpoint("dsr.example/completions", 4, Merkle.root(MerkleTest.syntheticLeaves(4)));
        NoteSignature onThree = witness.cosign(three.text(), 1_765_000_000L);
        SignedNote forged = new SignedNote(four.text(), List.of(log.sign(four.text()), onThree));

        assertThatThrownBy(() -> witness.verifierKey().verify(forged)).hasMessageContaining("does not verify");
    }

    @Test
    void malformed_notes_and_checkpoints_are_refused_with_a_reason() {
        assertThatThrownBy(() -> SignedNote.parse("text\n")).hasMessageContaining("no blank line");
        assertThatThrownBy(() -> SignedNote.parse("text\n\n")).hasMessageContaining("no signature");
        assertThatThrownBy(() -> SignedNote.parse("te\u0007xt\n\n\u2014 a AAAAAAA=\n"))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> SignedNote.parse("text\n\n- a AAAAAAAA\n")).hasMessageContaining("em dash");
        assertThatThrownBy(() -> SignedNote.parse("text\n\n\u2014 a !!!!\n")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> Checkpoint.parse(
                        "origin\n007\n" + new Checkpoint("o", 0, Merkle.emptyRoot()).rootHashBase64() + "\n"))
                .hasMessageContaining("without leading zeros");
        assertThatThrownBy(() -> Checkpoint.parse("origin\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"))
                .hasMessageContaining("empty tree's root");
        assertThatThrownBy(() -> Checkpoint.parse("origin\n1\nAAAA\n")).hasMessageContaining("not a SHA-256 hash");
        assertThatThrownBy(() -> Checkpoint.parse("origin\n1\n")).hasMessageContaining("an origin, a size");
        assertThatThrownBy(() -> NoteKey.parseVkey(SPEC_VKEY.replace("530d903a", "530d903b")))
                .hasMessageContaining("key ID does not match");
    }

    @Test
    void a_vkey_whose_base64_key_holds_a_plus_parses() throws Exception {
        // base64 has '+' in its alphabet: only the first two '+' of a vkey separate its parts (a name has none)
        NoteKey withPlus = null;
        for (int i = 0; i < 1000 && withPlus == null; i++) {
            KeyPair keys = Signatures.generate();
            NoteKey key = new NoteKey("witness.example/w1", NoteKey.Type.COSIGNATURE_V1, keys.getPublic());
            if (key.vkey().chars().filter(c -> c == '+').count() > 2) {
                withPlus = key;
            }
        }
        assertThat(withPlus).isNotNull();

        NoteKey parsed = NoteKey.parseVkey(withPlus.vkey());

        assertThat(parsed.vkey()).isEqualTo(withPlus.vkey());
        assertThat(parsed.keyId()).isEqualTo(withPlus.keyId());
    }
}
