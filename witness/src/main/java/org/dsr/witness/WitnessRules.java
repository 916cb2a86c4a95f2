package org.dsr.witness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.dsr.contracts.tlog.Checkpoint;
import org.dsr.contracts.tlog.InvalidProofException;
import org.dsr.contracts.tlog.Merkle;
import org.dsr.contracts.tlog.NoteKey;
import org.dsr.contracts.tlog.NoteSignature;

/**
 * What a witness answers to an {@code add-checkpoint} request (c2sp.org/tlog-witness), given the keys it trusts for
 * the checkpoint's origin and the latest checkpoint it cosigned for it. Plain Java: the caller serialises requests per
 * origin, persists an accepted checkpoint before answering, and signs.
 * <p>
 * The checks, in the specification's order: an unknown origin is a 404; no signature of a trusted key, or one that
 * does not verify, a 403; a checkpoint that is not one, or an old size above its size, a 400; an old size that is not
 * the size of the latest cosigned checkpoint (0 before the first), a 409 with that size; a checkpoint of size 0 without
 * the empty tree's root, a consistency proof from size 0 that is not empty, a proof that does not verify, or the same
 * size with another root, a 422. Together these refuse every rollback (a smaller tree), every split view (another root
 * at a cosigned size, or a bigger tree that does not extend it) and every replay of an older request.
 */
public final class WitnessRules {

    private WitnessRules() {}

    /** Why a request is refused. */
    public enum Refusal {
        BAD_REQUEST(400),
        FORBIDDEN(403),
        NOT_FOUND(404),
        UNPROCESSABLE(422);

        private final int status;

        Refusal(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The answer to a request. */
    public sealed interface Verdict {

        /** Cosign it: it extends the latest cosigned checkpoint; {@code logSignatures} are the ones that verified. */
        record Cosign(Checkpoint checkpoint, List<NoteSignature> logSignatures) implements Verdict {
            public Cosign {
                logSignatures = List.copyOf(logSignatures);
            }
        }

        /** 409: the client's old size is not the size of the latest cosigned checkpoint, which is {@code latestSize}. */
        record Conflict(long latestSize) implements Verdict {}

        /** Refused, with a reason that names no data. */
        record Refuse(Refusal refusal, String reason) implements Verdict {}
    }

    /**
     * The answer to {@code request}.
     *
     * @param trustedKeys the note keys of the checkpoint's origin (empty: an origin this witness does not know)
     * @param latest the latest checkpoint cosigned for that origin, empty before the first
     */
    public static Verdict decide(AddCheckpointRequest request, List<NoteKey> trustedKeys, Optional<Checkpoint> latest) {
        if (trustedKeys.isEmpty()) {
            return new Verdict.Refuse(Refusal.NOT_FOUND, "unknown log origin");
        }
        List<NoteSignature> verified = new ArrayList<>();
        for (NoteKey key : trustedKeys) {
            try {
                key.verify(request.note()).ifPresent(verified::add);
            } catch (InvalidProofException e) {
                return new Verdict.Refuse(Refusal.FORBIDDEN, "a signature of a trusted key of the log does not verify");
            }
        }
        if (verified.isEmpty()) {
            return new Verdict.Refuse(Refusal.FORBIDDEN, "no signature of a trusted key of the log");
        }
        String text = request.note().text();
        // a size-0 checkpoint with another root is a checkpoint for the size checks below, then a 422
        boolean emptyTreeWithAnotherRoot = isEmptyTreeWithAnotherRoot(text);
        Checkpoint checkpoint = null;
        if (!emptyTreeWithAnotherRoot) {
            try {
                checkpoint = Checkpoint.parse(text);
            } catch (InvalidProofException e) {
                return new Verdict.Refuse(Refusal.BAD_REQUEST, "not a checkpoint: " + e.getMessage());
            }
            if (!checkpoint.text().equals(text)) {
                return new Verdict.Refuse(Refusal.BAD_REQUEST, "not a checkpoint: its root hash is not canonical");
            }
        }
        long size = checkpoint == null ? 0 : checkpoint.size();
        if (request.oldSize() > size) {
            return new Verdict.Refuse(Refusal.BAD_REQUEST, "the old size is larger than the checkpoint's size");
        }
        long latestSize = latest.map(Checkpoint::size).orElse(0L);
        if (request.oldSize() != latestSize) {
            return new Verdict.Conflict(latestSize);
        }
        if (checkpoint == null) {
            return new Verdict.Refuse(Refusal.UNPROCESSABLE, "a checkpoint of size 0 must have the empty tree's root");
        }
        byte[] latestRoot = latest.map(Checkpoint::rootHash).orElseGet(Merkle::emptyRoot);
        try {
            Merkle.verifyConsistency(latestSize, checkpoint.size(), latestRoot, checkpoint.rootHash(), request.proof());
        } catch (InvalidProofException e) {
            return new Verdict.Refuse(
                    Refusal.UNPROCESSABLE, "not consistent with the latest cosigned checkpoint: " + e.getMessage());
        }
        return new Verdict.Cosign(checkpoint, verified);
    }

    /**
     * A text that would be a checkpoint of size 0, but whose root line is another SHA-256 hash than the empty tree's
     * ({@link Checkpoint#parse} refuses it as malformed; the specification wants a 422).
     */
    private static boolean isEmptyTreeWithAnotherRoot(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !lines[1].equals("0")) {
            return false;
        }
        try {
            byte[] root = Base64.getDecoder().decode(lines[2]);
            if (root.length != Merkle.HASH_BYTES || Arrays.equals(root, Merkle.emptyRoot())) {
                return false;
            }
            lines[2] = Base64.getEncoder().encodeToString(Merkle.emptyRoot());
            Checkpoint.parse(String.join("\n", lines));
            return true;
        } catch (IllegalArgumentException | InvalidProofException e) {
            return false;
        }
    }
}
