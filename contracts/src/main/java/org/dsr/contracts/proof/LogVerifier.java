package org.dsr.contracts.proof;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.json.NotIJsonException;
import org.dsr.contracts.proof.ProofReport.Check;
import org.dsr.contracts.proof.ProofReport.Problem;
import org.dsr.contracts.proof.ProofReport.Warning;
import org.dsr.contracts.tlog.Checkpoint;
import org.dsr.contracts.tlog.CompactRange;
import org.dsr.contracts.tlog.InvalidProofException;
import org.dsr.contracts.tlog.Merkle;
import org.dsr.contracts.tlog.NoteKey;
import org.dsr.contracts.tlog.NoteSignature;
import org.dsr.contracts.tlog.SignedNote;

/**
 * Verifies the v2 proof offline (docs/proof.md, "Proof format v2"): a proof bundle (one record, its inclusion proof
 * and the checkpoint), a log export (NDJSON: a header with the checkpoint, the {@code left} hashes and a consistency
 * proof, then one record per line), and the consistency of two checkpoints. A checkpoint counts only when it is a
 * C2SP signed note signed by a pinned orchestrator key under the log's origin, and cosigned by as many pinned
 * witnesses as required. Records are hashed as leaves exactly as their bytes are in the file; each is checked as a v1
 * record is (canonical bytes, the orchestrator's signature, every outcome's processor signature or batch proof, the
 * content), by {@link ProofVerifier}.
 *
 * <p>
 * An export is read line by line: only the compact range (at most 64 hashes) and the current line are held.
 */
public final class LogVerifier {

    public static final String BUNDLE_FORMAT = "dsr.proof-bundle.v2";
    public static final String EXPORT_FORMAT = "dsr.completion-log.v2";

    /** Warnings listed one per line up to this many; the rest are counted. */
    static final int MAX_WARNING_LINES = 100;

    /** A record line longer than this is refused before it is read whole. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * What a checkpoint is checked against.
     *
     * @param origin the log's origin as the auditor pinned it; empty: read from the checkpoint (its signature must
     *     still verify with the pinned orchestrator key under that name)
     * @param witnesses the witnesses' cosignature keys the auditor pinned
     * @param requiredWitnesses how many of them must have cosigned
     */
    public record Trust(Optional<String> origin, List<NoteKey> witnesses, int requiredWitnesses) {
        public Trust {
            witnesses = List.copyOf(witnesses);
            if (requiredWitnesses < 0 || requiredWitnesses > witnesses.size()) {
                throw new IllegalArgumentException("cannot require " + requiredWitnesses + " of " + witnesses.size()
                        + " pinned witness" + (witnesses.size() == 1 ? "" : "es"));
            }
        }

        public static Trust none() {
            return new Trust(Optional.empty(), List.of(), 0);
        }
    }

    /** A verifier key ({@code <name>+<hex key ID>+<base64 of type and key>}); see {@link NoteKey#parseVkey}. */
    public static NoteKey parseVkey(String vkey) throws InvalidProofException {
        return NoteKey.parseVkey(vkey);
    }

    private final VerificationKeys keys;
    private final ProofVerifier records;
    private final Trust trust;

    public LogVerifier(VerificationKeys keys, ProofVerifier.Mode mode, Trust trust) {
        this.keys = Objects.requireNonNull(keys);
        this.records = new ProofVerifier(keys, mode);
        this.trust = Objects.requireNonNull(trust);
    }

    /** Thrown inside a run to stop at the first problem. */
    private static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;

        Failed(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    private static Failed fail(int position, Long index, UUID requestId, Check check, String message) {
        return new Failed(new Problem(position, index, requestId, check, message));
    }

    private static Failed fail(Check check, String message) {
        return fail(0, null, null, check, message);
    }

    /** The output of one run. */
    private static final class Output {
        final List<String> lines = new ArrayList<>();
        long verified;
        long warnings;

        void warn(Warning warning) {
            warnings++;
            if (warnings <= MAX_WARNING_LINES) {
                lines.add("  ! leaf " + warning.sequence() + " " + warning.message());
            }
        }

        LogReport ok(String summary) {
            if (warnings > MAX_WARNING_LINES) {
                lines.add("  ! … " + (warnings - MAX_WARNING_LINES) + " more warnings");
            }
            lines.add(summary);
            return new LogReport(verified, warnings, Optional.empty(), List.copyOf(lines), summary);
        }

        LogReport failed(Problem p) {
            String where = p.sequence() == null
                    ? (p.position() == 0 ? "" : "record " + p.position() + ": ")
                    : "leaf " + p.sequence() + (p.requestId() != null ? " request " + p.requestId() : "") + ": ";
            lines.add("✗ " + where + p.check().description() + ": " + p.message());
            String summary = "verification FAILED"
                    + (p.sequence() != null
                            ? " at leaf " + p.sequence() + " (record " + p.position() + " in the file)"
                            : "")
                    + "; " + verified + " record" + (verified == 1 ? "" : "s") + " verified before it, "
                    + warnings + " warning" + (warnings == 1 ? "" : "s");
            lines.add(summary);
            return new LogReport(verified, warnings, Optional.of(p), List.copyOf(lines), summary);
        }
    }

    // --- checkpoints ---

    /**
     * Parses and checks a checkpoint note: the orchestrator's signature under the origin, the witnesses'
     * cosignatures.
     */
    private Checkpoint checkpoint(String note, String what, Output out) {
        SignedNote signed;
        Checkpoint checkpoint;
        try {
            signed = SignedNote.parse(note);
            checkpoint = Checkpoint.parse(signed.text());
        } catch (InvalidProofException e) {
            throw fail(Check.CHECKPOINT, what + " is not a C2SP checkpoint: " + e.getMessage());
        }
        if (trust.origin().isPresent() && !trust.origin().get().equals(checkpoint.origin())) {
            throw fail(
                    Check.CHECKPOINT,
                    what + " is of origin \"" + checkpoint.origin() + "\", not of the pinned origin \""
                            + trust.origin().get() + "\"");
        }
        List<VerificationKeys.Key> orchestrator = keys.ownedBy(ProofVerifier.ORCHESTRATOR);
        if (orchestrator.isEmpty()) {
            throw fail(Check.CHECKPOINT, "no orchestrator key was given to check " + what + "'s signature");
        }
        String signedBy = null;
        for (VerificationKeys.Key key : orchestrator) {
            NoteKey noteKey;
            try {
                noteKey = new NoteKey(checkpoint.origin(), NoteKey.Type.ED25519, key.publicKey());
            } catch (IllegalArgumentException e) {
                throw fail(Check.CHECKPOINT, what + "'s origin is not a valid key name: " + e.getMessage());
            }
            try {
                if (noteKey.verify(signed).isPresent()) {
                    signedBy = key.keyId();
                    break;
                }
            } catch (InvalidProofException e) {
                throw fail(
                        Check.CHECKPOINT,
                        what + "'s signature by " + key.keyId() + " under " + checkpoint.origin()
                                + " does not verify: it was changed, or signed by another key");
            }
        }
        if (signedBy == null) {
            throw fail(
                    Check.CHECKPOINT,
                    what + " carries no signature of the pinned orchestrator key"
                            + (orchestrator.size() == 1 ? " " : "s ")
                            + orchestrator.stream()
                                    .map(VerificationKeys.Key::keyId)
                                    .toList() + " under the origin \"" + checkpoint.origin() + "\"");
        }
        out.lines.add("checkpoint"
                + (what.equals("the checkpoint") ? "" : " (" + what + ")") + ": " + checkpoint.origin() + ", size "
                + checkpoint.size() + ", root " + checkpoint.rootHashBase64() + ", signed by " + signedBy);
        List<String> cosigned = new ArrayList<>();
        for (NoteKey witness : trust.witnesses()) {
            Optional<NoteSignature> cosignature;
            try {
                cosignature = witness.verify(signed);
            } catch (InvalidProofException e) {
                throw fail(
                        Check.WITNESS,
                        what + "'s cosignature by witness " + witness.name() + " does not verify: it was changed,"
                                + " or made for another checkpoint");
            }
            if (cosignature.isPresent()) {
                cosigned.add(witness.name());
                String time = witness.type() == NoteKey.Type.COSIGNATURE_V1
                        ? " at "
                                + java.time.Instant.ofEpochSecond(
                                        org.dsr.contracts.tlog.Cosignatures.timestamp(cosignature.get()))
                        : "";
                out.lines.add("  cosigned by witness " + witness.name() + time);
            }
        }
        if (cosigned.size() < trust.requiredWitnesses()) {
            List<String> missing = trust.witnesses().stream()
                    .map(NoteKey::name)
                    .filter(name -> !cosigned.contains(name))
                    .toList();
            throw fail(
                    Check.WITNESS,
                    what + " is cosigned by " + cosigned.size() + " of the " + trust.requiredWitnesses()
                            + " pinned witnesses required (no cosignature of " + String.join(", ", missing) + ")");
        }
        if (trust.witnesses().isEmpty() && !signed.signatures().isEmpty()) {
            long others = signed.signatures().size() - 1;
            if (others > 0) {
                out.lines.add("  · " + others + " other signature" + (others == 1 ? "" : "s")
                        + " (cosignatures?) not checked: no witness pinned (--witness)");
            }
        }
        return checkpoint;
    }

    // --- a bundle ---

    /** Verifies a proof bundle ({@value #BUNDLE_FORMAT}) from its bytes as they are in the file. */
    public LogReport verifyBundle(byte[] file) {
        Output out = new Output();
        try {
            JsonNode bundle;
            try {
                bundle = CanonicalJson.parse(file);
            } catch (NotIJsonException e) {
                throw fail(Check.EXPORT, "the bundle is " + e.getMessage());
            }
            if (!BUNDLE_FORMAT.equals(bundle.path("format").asText(null))) {
                throw fail(Check.EXPORT, "not a proof bundle: its format is not \"" + BUNDLE_FORMAT + "\"");
            }
            JsonNode index = bundle.get("index");
            if (index == null || !index.isIntegralNumber() || index.asLong() < 0) {
                throw fail(Check.EXPORT, "the bundle has no leaf index (\"index\")");
            }
            if (!bundle.path("checkpoint").isTextual()) {
                throw fail(Check.EXPORT, "the bundle has no checkpoint note (\"checkpoint\")");
            }
            List<byte[]> proof = hashes(bundle.get("inclusionProof"), "inclusionProof");
            byte[] record = memberBytes(file, "record");
            if (record == null) {
                throw fail(Check.EXPORT, "the bundle has no record object (\"record\")");
            }
            Checkpoint checkpoint = checkpoint(bundle.get("checkpoint").asText(), "the checkpoint", out);
            long leaf = index.asLong();
            ProofVerifier.LeafCheck check = records.checkLeaf(1, leaf, record);
            check.warnings().forEach(out::warn);
            if (check.problem() != null) {
                throw new Failed(check.problem());
            }
            if (leaf >= checkpoint.size()) {
                throw fail(
                        1,
                        leaf,
                        check.verified().requestId(),
                        Check.INCLUSION,
                        "leaf " + leaf + " is beyond the checkpoint's tree of size " + checkpoint.size());
            }
            try {
                Merkle.verifyInclusion(leaf, checkpoint.size(), Merkle.leafHash(record), proof, checkpoint.rootHash());
            } catch (InvalidProofException e) {
                throw fail(
                        1,
                        leaf,
                        check.verified().requestId(),
                        Check.INCLUSION,
                        "the inclusion proof does not lead from the record to the checkpoint's root (" + e.getMessage()
                                + "): the record, its index or the proof was changed");
            }
            out.verified++;
            VerifiedLine.add(out, check.verified(), "in the log at leaf " + leaf + " of " + checkpoint.size());
            return out.ok("verified the record of request " + check.verified().requestId() + " at leaf " + leaf
                    + " of the log " + checkpoint.origin() + " (size " + checkpoint.size() + "), " + out.warnings
                    + " warning" + (out.warnings == 1 ? "" : "s"));
        } catch (Failed f) {
            return out.failed(f.problem);
        }
    }

    /** The bytes of a top-level member's object value exactly as they are in the file, or null. */
    private static byte[] memberBytes(byte[] file, String member) {
        try (JsonParser parser = FACTORY.createParser(file)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                if (member.equals(field) && value == JsonToken.START_OBJECT) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    return Arrays.copyOfRange(file, start, end);
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<byte[]> hashes(JsonNode array, String name) {
        if (array == null || !array.isArray()) {
            throw fail(Check.EXPORT, "\"" + name + "\" is not an array of base64 SHA-256 hashes");
        }
        List<byte[]> hashes = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            byte[] hash = ProofVerifier.hash32(element.isTextual() ? element.asText() : null);
            if (hash == null) {
                throw fail(Check.EXPORT, "\"" + name + "\" holds something that is not a base64 SHA-256 hash");
            }
            hashes.add(hash);
        }
        return hashes;
    }

    /** The ✓ line of a verified record. */
    private static final class VerifiedLine {
        static void add(Output out, ProofReport.VerifiedRecord r, String where) {
            out.lines.add("✓ leaf " + r.sequence() + " request " + r.requestId() + " v" + r.version() + " " + r.status()
                    + " signed by " + r.keyId() + ", " + where);
        }
    }

    // --- an export ---

    /**
     * Verifies a log export ({@value #EXPORT_FORMAT}) read line by line: the header's checkpoint, then each record
     * as the leaf at its index, then that the records with {@code left} make the tree of size {@code end}, and that
     * it is consistent with the checkpoint. {@code perRecord} lines are printed for the first records only.
     */
    public LogReport verifyExport(InputStream in) {
        Output out = new Output();
        try {
            Lines lines = new Lines(in);
            byte[] headerBytes = lines.next();
            if (headerBytes == null) {
                throw fail(Check.EXPORT, "the export is empty");
            }
            JsonNode header;
            try {
                header = CanonicalJson.parse(headerBytes);
            } catch (NotIJsonException e) {
                throw fail(Check.EXPORT, "the header (line 1) is " + e.getMessage());
            }
            if (!EXPORT_FORMAT.equals(header.path("format").asText(null))) {
                throw fail(Check.EXPORT, "not a log export: line 1's format is not \"" + EXPORT_FORMAT + "\"");
            }
            JsonNode startNode = header.get("start");
            JsonNode endNode = header.get("end");
            if (startNode == null
                    || endNode == null
                    || !startNode.isIntegralNumber()
                    || !endNode.isIntegralNumber()
                    || startNode.asLong() < 0
                    || endNode.asLong() < startNode.asLong()) {
                throw fail(Check.EXPORT, "the header's \"start\" and \"end\" are not a range of leaf indexes");
            }
            if (!header.path("checkpoint").isTextual()) {
                throw fail(Check.EXPORT, "the header has no checkpoint note (\"checkpoint\")");
            }
            long start = startNode.asLong();
            long end = endNode.asLong();
            List<byte[]> left = hashes(header.get("left"), "left");
            List<byte[]> consistency = hashes(header.get("consistency"), "consistency");
            Checkpoint checkpoint = checkpoint(header.get("checkpoint").asText(), "the checkpoint", out);
            if (end > checkpoint.size()) {
                throw fail(
                        Check.EXPORT,
                        "the export's range [" + start + ", " + end + ") goes beyond the checkpoint's size "
                                + checkpoint.size());
            }
            if (left.size() != Long.bitCount(start)) {
                throw fail(
                        Check.EXPORT,
                        "\"left\" has " + left.size() + " hashes; a range starting at leaf " + start + " needs "
                                + Long.bitCount(start) + " (one per perfect subtree of [0, " + start + "))");
            }
            out.lines.add("export: leaves " + start + " to " + (end - 1) + " (" + (end - start) + " records)");
            CompactRange range = CompactRange.of(start, left);
            int position = 0;
            byte[] line;
            while ((line = lines.next()) != null) {
                position++;
                long leaf = start + position - 1;
                if (leaf >= end) {
                    throw fail(
                            position,
                            null,
                            null,
                            Check.EXPORT,
                            "the export holds more records than its header's range [" + start + ", " + end + ")");
                }
                if (line.length == 0) {
                    throw fail(position, leaf, null, Check.PARSE, "an empty line where a record should be");
                }
                ProofVerifier.LeafCheck check = records.checkLeaf(position, leaf, line);
                check.warnings().forEach(out::warn);
                if (check.problem() != null) {
                    throw new Failed(check.problem());
                }
                range.append(Merkle.leafHash(line));
                out.verified++;
            }
            if (range.size() != end) {
                throw fail(
                        position,
                        null,
                        null,
                        Check.TRUNCATED,
                        "the export ends after " + position + " record" + (position == 1 ? "" : "s")
                                + ", its header says " + (end - start) + " (leaves " + start + " to " + (end - 1)
                                + "): records were cut off");
            }
            try {
                Merkle.verifyConsistency(end, checkpoint.size(), range.root(), checkpoint.rootHash(), consistency);
            } catch (InvalidProofException e) {
                throw fail(
                        0,
                        null,
                        null,
                        Check.CONSISTENCY,
                        "the tree of the " + end + " leaves (\"left\" and the records) is not the checkpoint's tree of"
                                + " size " + checkpoint.size() + " (" + e.getMessage() + "): a record was removed,"
                                + " reordered, added or changed, or \"left\" or \"consistency\" is wrong");
            }
            return out.ok("verified " + out.verified + " record" + (out.verified == 1 ? "" : "s") + " (leaves "
                    + start + " to " + (end - 1) + ") of the log " + checkpoint.origin() + ", consistent with its"
                    + " checkpoint of size " + checkpoint.size() + ", " + out.warnings + " warning"
                    + (out.warnings == 1 ? "" : "s"));
        } catch (IOException e) {
            return out.failed(new Problem(0, null, null, Check.EXPORT, "cannot read the export"));
        } catch (Failed f) {
            return out.failed(f.problem);
        }
    }

    /** The lines of a stream, without their newline; the last line may lack it. */
    private static final class Lines {
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
        private final byte[] buffer = new byte[64 * 1024];
        private int pos;
        private int limit;
        private boolean eof;

        Lines(InputStream in) {
            this.in = in;
        }

        byte[] next() throws IOException {
            line.reset();
            boolean any = false;
            while (true) {
                if (pos == limit) {
                    if (eof) {
                        return any ? line.toByteArray() : null;
                    }
                    limit = in.read(buffer);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        eof = true;
                        continue;
                    }
                }
                int from = pos;
                while (pos < limit && buffer[pos] != '\n') {
                    pos++;
                }
                line.write(buffer, from, pos - from);
                any = true;
                if (line.size() > MAX_LINE_BYTES) {
                    throw fail(Check.EXPORT, "a line is longer than " + MAX_LINE_BYTES + " bytes");
                }
                if (pos < limit) {
                    pos++;
                    return line.toByteArray();
                }
            }
        }
    }

    // --- two checkpoints ---

    /**
     * Verifies that the log grew from one checkpoint to the other: both are signed (and cosigned as required), of the
     * same origin, and the consistency proof ({@code {"from":m,"to":n,"proof":[base64...]}} as served) leads from the
     * older root to the newer.
     */
    public LogReport verifyConsistency(String olderNote, String newerNote, byte[] proofJson) {
        Output out = new Output();
        try {
            Checkpoint older = checkpoint(olderNote, "the older checkpoint", out);
            Checkpoint newer = checkpoint(newerNote, "the newer checkpoint", out);
            if (!older.origin().equals(newer.origin())) {
                throw fail(
                        Check.CHECKPOINT,
                        "the checkpoints are of two logs (\"" + older.origin() + "\", \"" + newer.origin() + "\")");
            }
            JsonNode proof;
            try {
                proof = CanonicalJson.parse(proofJson);
            } catch (NotIJsonException e) {
                throw fail(Check.EXPORT, "the consistency proof is " + e.getMessage());
            }
            JsonNode from = proof.get("from");
            JsonNode to = proof.get("to");
            if (from == null || to == null || !from.isIntegralNumber() || !to.isIntegralNumber()) {
                throw fail(Check.EXPORT, "the consistency proof has no \"from\" and \"to\" sizes");
            }
            if (from.asLong() != older.size() || to.asLong() != newer.size()) {
                throw fail(
                        Check.CONSISTENCY,
                        "the proof is from size " + from.asLong() + " to " + to.asLong() + ", the checkpoints are of"
                                + " sizes " + older.size() + " and " + newer.size());
            }
            try {
                Merkle.verifyConsistency(
                        older.size(),
                        newer.size(),
                        older.rootHash(),
                        newer.rootHash(),
                        hashes(proof.get("proof"), "proof"));
            } catch (InvalidProofException e) {
                throw fail(
                        Check.CONSISTENCY,
                        "the log of size " + newer.size() + " does not extend the log of size " + older.size() + " ("
                                + e.getMessage() + "): two versions of the log, or a wrong proof");
            }
            return out.ok("the log " + newer.origin() + " of size " + newer.size() + " extends its checkpoint of size "
                    + older.size() + " (append-only, consistent)");
        } catch (Failed f) {
            return out.failed(f.problem);
        }
    }
}
