package org.dsr.witness;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.tlog.Checkpoint;
import org.dsr.contracts.tlog.InMemoryTree;
import org.dsr.contracts.tlog.Merkle;
import org.dsr.contracts.tlog.NoteKey;
import org.dsr.contracts.tlog.NoteSignature;
import org.dsr.contracts.tlog.NoteSigner;
import org.dsr.contracts.tlog.SignedNote;

/** A log for the tests: a tree of synthetic leaves, its note key, and add-checkpoint bodies built from it. */
final class TestLog {

    static final String ORIGIN = "dsr.test/completions";

    final NoteSigner signer;
    final InMemoryTree tree = new InMemoryTree();
    private final String tag;

    TestLog() {
        this(newSigner(ORIGIN), "main");
    }

    private TestLog(NoteSigner signer, String tag) {
        this.signer = signer;
        this.tag = tag;
    }

    /**
     * The log of the HTTP tests: a key from a fixed seed, so that a test profile (which configures the witness to
     * trust it) and the test itself, loaded by different class loaders, build the same log.
     */
    static TestLog fixed() {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 7);
        PrivateKey privateKey =
                Signatures.privateKey(Base64.getEncoder().encodeToString(concat(PKCS8_ED25519_PREFIX, seed)));
        PublicKey publicKey = Signatures.publicKeyFromRaw(
                new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded());
        return new TestLog(new NoteSigner(ORIGIN, NoteKey.Type.ED25519, privateKey, publicKey), "main");
    }

    private static final byte[] PKCS8_ED25519_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Another key that signs under the same origin name: an impostor. */
    static TestLog impostor() {
        return new TestLog(newSigner(ORIGIN), "impostor");
    }

    static NoteSigner newSigner(String name) {
        KeyPair keys = Signatures.generate();
        return new NoteSigner(name, NoteKey.Type.ED25519, keys.getPrivate(), keys.getPublic());
    }

    NoteKey key() {
        return signer.verifierKey();
    }

    TestLog grow(int n) {
        for (int i = 0; i < n; i++) {
            tree.append(Merkle.leafHash(("leaf " + tree.size() + " " + tag).getBytes(StandardCharsets.UTF_8)));
        }
        return this;
    }

    /** The same log key's other history: this log's first {@code size} leaves, then others (a fork, a split view). */
    TestLog forkAt(long size, String otherTag) {
        TestLog fork = new TestLog(signer, otherTag);
        for (long i = 0; i < size; i++) {
            fork.tree.append(tree.leafHash(i));
        }
        return fork;
    }

    Checkpoint checkpoint(long size) {
        return new Checkpoint(signer.verifierKey().name(), size, tree.root(size));
    }

    SignedNote signed(long size) {
        Checkpoint checkpoint = checkpoint(size);
        return new SignedNote(checkpoint.text(), List.of(signer.sign(checkpoint.text())));
    }

    /** The body for a move from {@code oldSize} to {@code size}, with the right consistency proof. */
    String body(long oldSize, long size) {
        return body(oldSize, oldSize == 0 ? List.of() : tree.consistencyProof(oldSize, size), signed(size));
    }

    static String body(long oldSize, List<byte[]> proof, SignedNote note) {
        StringBuilder body = new StringBuilder("old ").append(oldSize).append('\n');
        proof.forEach(
                hash -> body.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
        return body.append('\n').append(note.format()).toString();
    }

    static SignedNote signedBy(NoteSigner signer, String text) {
        NoteSignature signature = signer.sign(text);
        return new SignedNote(text, List.of(signature));
    }

    AddCheckpointRequest request(long oldSize, long size) throws Exception {
        return AddCheckpointRequest.parse(body(oldSize, size).getBytes(StandardCharsets.UTF_8));
    }
}
