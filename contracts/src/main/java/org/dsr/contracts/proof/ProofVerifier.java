package org.dsr.contracts.proof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.CompletionRecordV1.ProcessorResult;
import org.dsr.contracts.event.CompletionRecordV1.RetainedCategory;
import org.dsr.contracts.event.CompletionRecordV2;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.SignatureV1;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.json.NotIJsonException;
import org.dsr.contracts.proof.ProofReport.Check;
import org.dsr.contracts.proof.ProofReport.Problem;
import org.dsr.contracts.proof.ProofReport.VerifiedRecord;
import org.dsr.contracts.proof.ProofReport.Warning;
import org.dsr.contracts.tlog.InvalidProofException;
import org.dsr.contracts.tlog.Merkle;

/**
 * Verifies an export of completion records offline, from the exported bytes and the public keys alone.
 *
 * <p>
 * For every record, in order: it reads as a {@link CompletionRecordV1}; its bytes are exactly their RFC 8785
 * canonical form; the orchestrator's signature verifies with the key named by {@code signature.keyId};
 * {@code previousRecordHash} is the SHA-256 of the record before it in the file (64 zeros for sequence 1); the
 * sequence grows by exactly one; every signed outcome verifies with the key given for exactly its processor (in
 * {@link Mode#STRICT} every outcome must be signed and its key given); status, retained categories and outcomes
 * agree. Verification stops at the first problem. The orchestrator's signature counts only with a key given for
 * exactly {@code orchestrator}.
 *
 * <p>
 * Signatures and hashes are computed over the bytes as exported (not over a re-serialised Java object), so fields
 * a newer producer added to v1 are covered too.
 *
 * <p>
 * Two kinds of export are not a complete chain, and are reported as such rather than failed: a time range whose
 * first record has sequence &gt; 1 (its previous hash is trusted), and the versions of one request (every record
 * has the same requestId), where a later version may be many records after the earlier one; links across such a
 * gap cannot be checked from the file.
 */
public final class ProofVerifier {

    static final String ORCHESTRATOR = "orchestrator";
    private static final Set<String> STATUSES = Set.of("COMPLETED", "COMPLETED_WITH_RETENTION");

    /**
     * Splits an export into records, one level deeper than a record may nest; each record is then read as I-JSON
     * ({@link CanonicalJson#parse}), which refuses a duplicate key with its reason.
     */
    private static final JsonFactory SPLITTER = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(CanonicalJson.MAX_DEPTH + 1)
                    .build())
            .build();

    /** How an embedded outcome without a verified processor signature is treated. */
    public enum Mode {
        /**
         * Every outcome must carry its processor's signature, verifying with a key given for exactly that
         * processor: an unsigned outcome, or one whose key was not given, fails the record. The offline CLI's default.
         */
        STRICT,
        /**
         * Unsigned outcomes (an operator's hand-recorded resolution) and outcomes whose key was not given are
         * warnings; a signature that does not verify, or is another owner's, still fails.
         */
        LENIENT
    }

    private final VerificationKeys keys;
    private final Mode mode;

    /** Lenient: the console's check, which shows unsigned outcomes as warnings. */
    public ProofVerifier(VerificationKeys keys) {
        this(keys, Mode.LENIENT);
    }

    public ProofVerifier(VerificationKeys keys, Mode mode) {
        this.keys = Objects.requireNonNull(keys);
        this.mode = Objects.requireNonNull(mode);
    }

    /** Verifies an export: a JSON array of canonical completion records, or {@code {"records": [...]}}. */
    public ProofReport verify(String export) {
        try {
            java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(export));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return verify(bytes);
        } catch (java.nio.charset.CharacterCodingException e) {
            return new Run().failed(new Problem(0, null, null, Check.EXPORT, "the export holds a lone surrogate"));
        }
    }

    /**
     * Verifies an export file's bytes as they are: each record is hashed and compared to its canonical form exactly
     * as its bytes appear in the file, never decoded leniently or re-serialised.
     */
    public ProofReport verify(byte[] export) {
        return new Run().verify(export);
    }

    /** Thrown inside a run to stop at the first problem. */
    private static final class Failed extends RuntimeException {
        private final Problem problem;

        Failed(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    /** The verification of one export. */
    private final class Run {
        private final List<VerifiedRecord> verified = new ArrayList<>();
        private final List<Warning> warnings = new ArrayList<>();
        private final List<String> lines = new ArrayList<>();
        private boolean midway;
        private int gaps;

        ProofReport verify(byte[] export) {
            try {
                List<byte[]> raws = split(export);
                if (raws.isEmpty()) {
                    throw new Failed(new Problem(0, null, null, Check.EXPORT, "the export holds no records"));
                }
                boolean singleRequest = raws.size() > 1
                        && raws.stream()
                                        .map(Run::requestIdOf)
                                        .collect(Collectors.toSet())
                                        .size()
                                == 1
                        && requestIdOf(raws.get(0)) != null;
                VerifiedRecord previous = null;
                for (int i = 0; i < raws.size(); i++) {
                    previous = verifyRecord(i + 1, raws.get(i), previous, singleRequest);
                }
                String summary = summary(singleRequest);
                lines.add(summary);
                return new ProofReport(
                        List.copyOf(verified), List.copyOf(warnings), Optional.empty(), List.copyOf(lines), summary);
            } catch (Failed f) {
                return failed(f.problem);
            }
        }

        ProofReport failed(Problem p) {
            String name = p.sequence() != null ? "#" + p.sequence() : "record " + p.position() + " of the file";
            String where = p.position() == 0
                    ? "the export"
                    : name + (p.requestId() != null ? " request " + p.requestId() : "");
            lines.add("✗ " + where + ": " + p.check().description() + ": " + p.message());
            String summary = "verification FAILED"
                    + (p.position() == 0 ? "" : " at " + name + " (position " + p.position() + " in the file)")
                    + "; " + verified.size()
                    + " record" + (verified.size() == 1 ? "" : "s") + " verified before it, " + warnings.size()
                    + " warning" + (warnings.size() == 1 ? "" : "s");
            lines.add(summary);
            return new ProofReport(
                    List.copyOf(verified), List.copyOf(warnings), Optional.of(p), List.copyOf(lines), summary);
        }

        private String summary(boolean singleRequest) {
            VerifiedRecord first = verified.get(0);
            VerifiedRecord last = verified.get(verified.size() - 1);
            String count = "verified " + verified.size() + " record" + (verified.size() == 1 ? "" : "s");
            String tail = ", " + warnings.size() + " warning" + (warnings.size() == 1 ? "" : "s");
            if (gaps > 0) {
                return count + " of request " + first.requestId() + " (versions " + first.version() + " to "
                        + last.version() + "), links checked between consecutive records, " + gaps + " gap"
                        + (gaps == 1 ? "" : "s") + " not checkable from this export" + tail;
            }
            return count + ", chain intact from #" + first.sequence() + " to #" + last.sequence()
                    + (midway ? " (starts mid-way: the previous hash of #" + first.sequence() + " is trusted)" : "")
                    + tail;
        }

        private VerifiedRecord verifyRecord(int position, byte[] raw, VerifiedRecord previous, boolean singleRequest) {
            // 1. it is I-JSON and reads as a CompletionRecordV1
            ObjectNode tree;
            try {
                tree = (ObjectNode) CanonicalJson.parse(raw);
            } catch (NotIJsonException e) {
                throw fail(position, null, null, Check.PARSE, e.getMessage());
            }
            Long seqGuess = tree.path("sequence").canConvertToLong()
                    ? tree.path("sequence").asLong()
                    : null;
            UUID requestGuess = uuidOrNull(tree.path("requestId").asText(null));
            CompletionRecordV1 record;
            try {
                record = Json.MAPPER.treeToValue(tree, CompletionRecordV1.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw fail(position, seqGuess, requestGuess, Check.PARSE, "not a CompletionRecordV1" + path(e));
            }
            long seq = record.sequence();
            UUID requestId = record.requestId();
            requireFields(position, record, tree);

            // 2. its bytes, as they are in the file, are the canonical form
            canonical(position, seq, requestId, tree, raw);

            // 3. the orchestrator's signature
            VerificationKeys.Key key = orchestratorSignature(position, seq, requestId, record.signature(), tree);

            // 4. the chain link, 5. the sequence
            String hash = Hashes.sha256Hex(raw);
            String link = chain(position, record, previous, singleRequest);

            // 6. the processors' signatures, 7. the content
            Shape shape =
                    new Shape(record.sequence(), requestId, record.status(), record.processors(), record.retained());
            List<String> recordWarnings = outcomes(position, shape, tree);
            content(position, shape);

            VerifiedRecord ok =
                    new VerifiedRecord(position, seq, requestId, record.version(), record.status(), key.keyId(), hash);
            verified.add(ok);
            lines.add("✓ #" + seq + " request " + requestId + " v" + record.version() + " " + record.status()
                    + " signed by " + key.keyId() + " " + link);
            for (String w : recordWarnings) {
                warnings.add(new Warning(position, seq, w));
                lines.add("  ! #" + seq + " " + w);
            }
            return ok;
        }

        /** A v2 record, the leaf at {@code leafIndex} of the log: what a v1 record is checked for but the chain. */
        VerifiedRecord verifyLeaf(int position, long leafIndex, byte[] raw) {
            ObjectNode tree;
            try {
                tree = (ObjectNode) CanonicalJson.parse(raw);
            } catch (NotIJsonException e) {
                throw fail(position, leafIndex, null, Check.PARSE, e.getMessage());
            } catch (ClassCastException e) {
                throw fail(position, leafIndex, null, Check.PARSE, "not a JSON object");
            }
            UUID requestGuess = uuidOrNull(tree.path("requestId").asText(null));
            CompletionRecordV2 record;
            try {
                record = Json.MAPPER.treeToValue(tree, CompletionRecordV2.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw fail(position, leafIndex, requestGuess, Check.PARSE, "not a CompletionRecordV2" + path(e));
            }
            UUID requestId = record.requestId();
            List<String> missing = new ArrayList<>();
            if (record.recordId() == null) missing.add("recordId");
            if (record.version() < 1) missing.add("version");
            if (requestId == null) missing.add("requestId");
            if (record.status() == null) missing.add("status");
            if (record.processors() == null) missing.add("processors");
            SignatureV1 sig = record.signature();
            if (sig == null || sig.keyId() == null || sig.value() == null) missing.add("signature");
            if (!missing.isEmpty()) {
                throw fail(
                        position,
                        leafIndex,
                        requestId,
                        Check.PARSE,
                        "missing or invalid " + String.join(", ", missing));
            }
            canonical(position, leafIndex, requestId, tree, raw);
            VerificationKeys.Key key = orchestratorSignature(position, leafIndex, requestId, sig, tree);
            Shape shape = new Shape(leafIndex, requestId, record.status(), record.processors(), record.retained());
            List<String> recordWarnings = outcomes(position, shape, tree);
            content(position, shape);
            VerifiedRecord ok = new VerifiedRecord(
                    position,
                    leafIndex,
                    requestId,
                    record.version(),
                    record.status(),
                    key.keyId(),
                    Hashes.sha256Hex(raw));
            verified.add(ok);
            for (String w : recordWarnings) {
                warnings.add(new Warning(position, leafIndex, w));
            }
            return ok;
        }

        private void canonical(int position, Long seq, UUID requestId, ObjectNode tree, byte[] raw) {
            byte[] canonical;
            try {
                canonical = CanonicalJson.write(tree).getBytes(StandardCharsets.UTF_8);
            } catch (NotIJsonException e) {
                throw fail(position, seq, requestId, Check.PARSE, e.getMessage());
            }
            if (!java.util.Arrays.equals(canonical, raw)) {
                throw fail(
                        position,
                        seq,
                        requestId,
                        Check.CANONICAL,
                        "the bytes are not the RFC 8785 canonical form (first difference at byte "
                                + (java.util.Arrays.mismatch(raw, canonical) + 1) + " of " + raw.length
                                + " of the record): it was changed after it was signed");
            }
        }

        private VerificationKeys.Key orchestratorSignature(
                int position, Long seq, UUID requestId, SignatureV1 signature, ObjectNode tree) {
            VerificationKeys.Key key = keys.find(signature.keyId())
                    .orElseThrow(
                            () -> fail(position, seq, requestId, Check.UNKNOWN_KEY, unknownKey(signature.keyId())));
            if (!key.owner().equals(ORCHESTRATOR)) {
                throw fail(
                        position,
                        seq,
                        requestId,
                        Check.SIGNATURE,
                        "signed with key " + key.keyId() + " of " + key.owner()
                                + ", which is not an orchestrator key (given for " + ORCHESTRATOR + ")");
            }
            if (!Signatures.ALGORITHM.equals(signature.algorithm())) {
                throw fail(
                        position,
                        seq,
                        requestId,
                        Check.SIGNATURE,
                        "signature algorithm is " + signature.algorithm() + ", expected " + Signatures.ALGORITHM);
            }
            if (!OutcomeSignatureCheck.canonicalSignature(signature.value())
                    || !Signatures.verify(
                            key.publicKey(), OutcomeSignatureCheck.signingBytes(tree), signature.value())) {
                throw fail(
                        position,
                        seq,
                        requestId,
                        Check.SIGNATURE,
                        "the signature does not verify with key " + key.keyId()
                                + ": the record was changed, or signed by another key");
            }

            return key;
        }

        private String chain(int position, CompletionRecordV1 record, VerifiedRecord previous, boolean singleRequest) {
            long seq = record.sequence();
            UUID requestId = record.requestId();
            String stated = record.previousRecordHash();
            if (previous == null) {
                if (seq == 1) {
                    if (!CompletionRecordV1.GENESIS_HASH.equals(stated)) {
                        throw fail(
                                position,
                                seq,
                                requestId,
                                Check.CHAIN,
                                "the first record of the chain must have a previousRecordHash of 64 zeros");
                    }
                    return "chain ok (first record of the chain)";
                }
                midway = true;
                lines.add("  · the export starts mid-way in the chain at #" + seq + ": its previousRecordHash "
                        + abbreviate(stated) + " is trusted, not checked");
                return "chain starts here";
            }
            if (seq == previous.sequence() + 1) {
                if (!previous.recordHash().equals(stated)) {
                    throw fail(
                            position,
                            seq,
                            requestId,
                            Check.CHAIN,
                            "previousRecordHash " + abbreviate(stated)
                                    + " is not the SHA-256 of the record before it in the file (#" + previous.sequence()
                                    + ", " + abbreviate(previous.recordHash())
                                    + "): a record was removed, reordered or replaced");
                }
                return "chain ok";
            }
            if (singleRequest && seq > previous.sequence() + 1 && record.version() == previous.version() + 1) {
                gaps++;
                lines.add("  · #" + seq + " (v" + record.version() + ") follows #" + previous.sequence()
                        + " in this export of one request: the " + (seq - previous.sequence() - 1)
                        + " records between are not in the file, so this link is not checked");
                return "link not checkable (records between are not in this export)";
            }
            if (!previous.recordHash().equals(stated)) {
                throw fail(
                        position,
                        seq,
                        requestId,
                        Check.CHAIN,
                        "previousRecordHash " + abbreviate(stated)
                                + " is not the SHA-256 of the record before it in the file (#" + previous.sequence()
                                + "): a record was removed, reordered or replaced");
            }
            throw fail(
                    position,
                    seq,
                    requestId,
                    Check.SEQUENCE,
                    "sequence " + seq + " does not follow #" + previous.sequence() + " by exactly one");
        }

        private List<String> outcomes(int position, Shape record, ObjectNode tree) {
            List<String> found = new ArrayList<>();
            Long seq = record.sequence();
            UUID requestId = record.requestId();
            for (int p = 0; p < record.processors().size(); p++) {
                ProcessorResult result = record.processors().get(p);
                if (result == null || result.processor() == null || result.outcomes() == null) {
                    throw fail(
                            position,
                            seq,
                            requestId,
                            Check.PARSE,
                            "processors[" + p + "] has no processor or outcomes");
                }
                for (int o = 0; o < result.outcomes().size(); o++) {
                    ProcessorOutcomeV1 outcome = result.outcomes().get(o);
                    if (outcome == null || outcome.status() == null || outcome.category() == null) {
                        throw fail(
                                position,
                                seq,
                                requestId,
                                Check.PARSE,
                                "processors[" + p + "].outcomes[" + o + "] has no category or status");
                    }
                    String name = "outcome " + result.processor() + "/" + outcome.category();
                    if (!result.processor().equals(outcome.processor())) {
                        throw fail(
                                position,
                                seq,
                                requestId,
                                Check.CONTENT,
                                name + " names another processor (" + outcome.processor() + ")");
                    }
                    if (!requestId.equals(outcome.requestId())) {
                        throw fail(position, seq, requestId, Check.CONTENT, name + " belongs to another request");
                    }
                    JsonNode node =
                            tree.path("processors").path(p).path("outcomes").path(o);
                    if (!(node instanceof ObjectNode on)) {
                        throw fail(
                                position,
                                seq,
                                requestId,
                                Check.PARSE,
                                "processors[" + p + "].outcomes[" + o + "] is not an object");
                    }
                    JsonNode batchProof = on.get("batchProof");
                    if (batchProof != null && !batchProof.isNull()) {
                        found.addAll(batchProof(position, seq, requestId, name, result.processor(), on, batchProof));
                        JsonNode own = on.get(SignedJson.SIGNATURE_FIELD);
                        if (own == null || own.isNull()) {
                            continue;
                        }
                    }
                    OutcomeSignatureCheck.Result check =
                            OutcomeSignatureCheck.check(on, result.processor(), keys::find, Signatures::verify);
                    switch (check.verdict()) {
                        case VERIFIED -> {}
                        case UNSIGNED -> {
                            if (mode == Mode.STRICT) {
                                throw fail(
                                        position,
                                        seq,
                                        requestId,
                                        Check.OUTCOME_SIGNATURE,
                                        name
                                                + ": unsigned outcome (strict: every outcome must be signed by its processor)");
                            }
                            found.add(name + ": unsigned outcome");
                        }
                        case UNKNOWN_KEY -> {
                            if (mode == Mode.STRICT) {
                                throw fail(
                                        position,
                                        seq,
                                        requestId,
                                        Check.OUTCOME_SIGNATURE,
                                        name
                                                + ": signed with key " + check.keyId()
                                                + ", which was not given (strict:"
                                                + " give every processor's key)");
                            }
                            found.add(name + ": outcome signature not checked: key " + check.keyId() + " not provided");
                        }
                        case OTHER_OWNER ->
                            throw fail(
                                    position,
                                    seq,
                                    requestId,
                                    Check.OUTCOME_SIGNATURE,
                                    name
                                            + " is signed with key " + check.keyId() + " of " + check.owner()
                                            + ", not of "
                                            + result.processor());
                        case INVALID ->
                            throw fail(
                                    position,
                                    seq,
                                    requestId,
                                    Check.OUTCOME_SIGNATURE,
                                    name + ": the processor's signature does not verify with key " + check.keyId());
                    }
                }
            }
            return found;
        }

        /**
         * An outcome that came in a Merkle-signed batch: the statement is signed by a key given for exactly its
         * processor, and the outcome's leaf (its canonical JSON without signature and batchProof, as in the file) is
         * at leafIndex of the tree whose root the processor signed.
         */
        private List<String> batchProof(
                int position,
                Long seq,
                UUID requestId,
                String name,
                String processor,
                ObjectNode outcome,
                JsonNode proof) {
            if (!(proof.get("statement") instanceof ObjectNode statement)) {
                throw fail(position, seq, requestId, Check.PARSE, name + ": its batchProof has no statement");
            }
            if (!processor.equals(statement.path("processor").asText(null))) {
                throw fail(
                        position,
                        seq,
                        requestId,
                        Check.BATCH_PROOF,
                        name + ": its batch statement was signed for another processor");
            }
            List<String> found = new ArrayList<>();
            OutcomeSignatureCheck.Result check = statementCheck(statement, processor);
            switch (check.verdict()) {
                case VERIFIED -> {}
                case UNSIGNED ->
                    throw fail(position, seq, requestId, Check.BATCH_PROOF, name + ": its batch statement is unsigned");
                case UNKNOWN_KEY -> {
                    if (mode == Mode.STRICT) {
                        throw fail(
                                position,
                                seq,
                                requestId,
                                Check.BATCH_PROOF,
                                name + ": its batch statement is signed with key " + check.keyId()
                                        + ", which was not given (strict: give every processor's key)");
                    }
                    found.add(name + ": batch signature not checked: key " + check.keyId() + " not provided");
                }
                case OTHER_OWNER ->
                    throw fail(
                            position,
                            seq,
                            requestId,
                            Check.BATCH_PROOF,
                            name + ": its batch statement is signed with key " + check.keyId() + " of " + check.owner()
                                    + ", not of " + processor);
                case INVALID ->
                    throw fail(
                            position,
                            seq,
                            requestId,
                            Check.BATCH_PROOF,
                            name + ": the processor's batch signature does not verify with key " + check.keyId());
            }
            JsonNode treeSize = statement.get("treeSize");
            JsonNode leafIndex = proof.get("leafIndex");
            byte[] root = hash32(statement.path("rootHash").asText(null));
            List<byte[]> path = new ArrayList<>();
            boolean wellFormed = treeSize != null
                    && treeSize.isIntegralNumber()
                    && leafIndex != null
                    && leafIndex.isIntegralNumber()
                    && root != null
                    && proof.path("inclusionProof").isArray();
            if (wellFormed) {
                for (JsonNode element : proof.get("inclusionProof")) {
                    byte[] hash = hash32(element.isTextual() ? element.asText() : null);
                    if (hash == null) {
                        wellFormed = false;
                        break;
                    }
                    path.add(hash);
                }
            }
            if (!wellFormed) {
                throw fail(
                        position,
                        seq,
                        requestId,
                        Check.PARSE,
                        name + ": its batchProof needs treeSize, leafIndex, a base64 SHA-256 rootHash and"
                                + " inclusionProof");
            }
            ObjectNode leaf = outcome.deepCopy();
            leaf.remove(SignedJson.SIGNATURE_FIELD);
            leaf.remove("batchProof");
            byte[] leafHash = Merkle.leafHash(CanonicalJson.write(leaf).getBytes(StandardCharsets.UTF_8));
            try {
                Merkle.verifyInclusion(leafIndex.asLong(), treeSize.asLong(), leafHash, path, root);
            } catch (InvalidProofException e) {
                throw fail(
                        position,
                        seq,
                        requestId,
                        Check.BATCH_PROOF,
                        name + ": not in the batch its processor signed (" + e.getMessage()
                                + "): the outcome or its proof was changed");
            }
            return found;
        }

        private void content(int position, Shape record) {
            Long seq = record.sequence();
            UUID requestId = record.requestId();
            String status = record.status();
            if (!STATUSES.contains(status)) {
                throw fail(
                        position,
                        seq,
                        requestId,
                        Check.CONTENT,
                        "status " + status + " is not COMPLETED or COMPLETED_WITH_RETENTION");
            }
            Map<String, ProcessorOutcomeV1> retainedOutcomes = new HashMap<>();
            for (ProcessorResult result : record.processors()) {
                for (ProcessorOutcomeV1 outcome : result.outcomes()) {
                    String name = result.processor() + "/" + outcome.category();
                    if (outcome.status() == OutcomeStatus.FAILED || outcome.status() == OutcomeStatus.PENDING) {
                        throw fail(
                                position,
                                seq,
                                requestId,
                                Check.CONTENT,
                                "status " + status + " but outcome " + name + " is " + outcome.status());
                    }
                    if (outcome.status() == OutcomeStatus.RETAINED && retainedOutcomes.put(name, outcome) != null) {
                        throw fail(position, seq, requestId, Check.CONTENT, "outcome " + name + " appears twice");
                    }
                }
            }
            List<RetainedCategory> retained = record.retained() == null ? List.of() : record.retained();
            if ("COMPLETED".equals(status)) {
                if (!retainedOutcomes.isEmpty() || !retained.isEmpty()) {
                    throw fail(
                            position,
                            seq,
                            requestId,
                            Check.CONTENT,
                            "status COMPLETED but "
                                    + (retainedOutcomes.isEmpty()
                                            ? "retained lists " + retained.size() + " categories"
                                            : "outcome "
                                                    + retainedOutcomes
                                                            .keySet()
                                                            .iterator()
                                                            .next() + " is RETAINED"));
                }
                return;
            }
            if (retainedOutcomes.isEmpty()) {
                throw fail(
                        position,
                        seq,
                        requestId,
                        Check.CONTENT,
                        "status COMPLETED_WITH_RETENTION but no outcome is RETAINED");
            }
            Map<String, RetainedCategory> listed = new HashMap<>();
            for (RetainedCategory r : retained) {
                String name = r == null ? "?" : r.processor() + "/" + r.category();
                if (r == null || listed.put(name, r) != null) {
                    throw fail(position, seq, requestId, Check.CONTENT, "retained lists " + name + " twice");
                }
                if (!retainedOutcomes.containsKey(name)) {
                    throw fail(
                            position,
                            seq,
                            requestId,
                            Check.CONTENT,
                            "retained lists " + name + ", which has no RETAINED outcome");
                }
            }
            for (Map.Entry<String, ProcessorOutcomeV1> e : retainedOutcomes.entrySet()) {
                RetainedCategory r = listed.get(e.getKey());
                if (r == null) {
                    throw fail(
                            position,
                            seq,
                            requestId,
                            Check.CONTENT,
                            "outcome " + e.getKey() + " is RETAINED but missing from retained");
                }
                var retention = e.getValue().retention();
                if (retention == null
                        || !Objects.equals(retention.legalBasis(), r.legalBasis())
                        || !Objects.equals(retention.retainUntil(), r.retainUntil())) {
                    throw fail(
                            position,
                            seq,
                            requestId,
                            Check.CONTENT,
                            "retained " + e.getKey()
                                    + " does not state the legal basis and date of its outcome's retention");
                }
            }
        }

        private void requireFields(int position, CompletionRecordV1 r, ObjectNode tree) {
            List<String> missing = new ArrayList<>();
            if (r.recordId() == null) missing.add("recordId");
            if (!tree.path("sequence").isIntegralNumber() || r.sequence() < 1) missing.add("sequence");
            if (r.version() < 1) missing.add("version");
            if (r.requestId() == null) missing.add("requestId");
            if (r.status() == null) missing.add("status");
            if (r.processors() == null) missing.add("processors");
            if (r.previousRecordHash() == null || !r.previousRecordHash().matches("[0-9a-f]{64}")) {
                missing.add("previousRecordHash");
            }
            SignatureV1 s = r.signature();
            if (s == null || s.keyId() == null || s.value() == null) missing.add("signature");
            if (!missing.isEmpty()) {
                throw fail(
                        position,
                        tree.path("sequence").canConvertToLong() ? r.sequence() : null,
                        r.requestId(),
                        Check.PARSE,
                        "missing or invalid " + String.join(", ", missing));
            }
        }

        private String unknownKey(String keyId) {
            String hint = keys.sameFingerprint(keyId)
                    .map(k -> " (the same public key is loaded as " + k.keyId() + " from " + k.source()
                            + ": the key id is derived from the file name)")
                    .orElse("");
            return "signed with key " + keyId + ", which is not among the provided keys "
                    + (keys.isEmpty() ? "(none)" : keys.keyIds()) + hint;
        }

        private Failed fail(int position, Long sequence, UUID requestId, Check check, String message) {
            return new Failed(new Problem(position, sequence, requestId, check, message));
        }

        private static UUID requestIdOf(byte[] raw) {
            try {
                return uuidOrNull(CanonicalJson.parse(raw).path("requestId").asText(null));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** The records of the export, each exactly as its bytes appear in the file. */
        private List<byte[]> split(byte[] export) {
            List<byte[]> raws = new ArrayList<>();
            try (JsonParser parser = SPLITTER.createParser(export)) {
                JsonToken token = parser.nextToken();
                boolean found = false;
                if (token == JsonToken.START_OBJECT) {
                    String field;
                    while ((field = parser.nextFieldName()) != null) {
                        JsonToken value = parser.nextToken();
                        if ("records".equals(field) && found) {
                            throw fail(0, null, null, Check.EXPORT, "the export has two \"records\" members");
                        }
                        if ("records".equals(field) && value == JsonToken.START_ARRAY) {
                            found = true;
                            readArray(parser, export, raws);
                        } else {
                            parser.skipChildren();
                        }
                    }
                    if (!found) {
                        throw fail(0, null, null, Check.EXPORT, "an object export must have a \"records\" array");
                    }
                } else if (token == JsonToken.START_ARRAY) {
                    readArray(parser, export, raws);
                } else {
                    throw fail(
                            0,
                            null,
                            null,
                            Check.EXPORT,
                            "not a JSON array of completion records (nor {\"records\": [...]})");
                }
                if (parser.nextToken() != null) {
                    throw fail(0, null, null, Check.EXPORT, "content after the end of the export");
                }
            } catch (StreamConstraintsException e) {
                throw fail(
                        raws.size() + 1,
                        null,
                        null,
                        Check.PARSE,
                        new NotIJsonException(
                                        NotIJsonException.Reason.TOO_DEEP,
                                        "more than " + CanonicalJson.MAX_DEPTH + " levels of arrays and objects")
                                .getMessage());
            } catch (IOException e) {
                try {
                    CanonicalJson.utf8(export);
                } catch (NotIJsonException notUtf8) {
                    throw fail(raws.size() + 1, null, null, Check.PARSE, notUtf8.getMessage());
                }
                throw fail(raws.size() + 1, null, null, Check.PARSE, "not valid JSON" + location(e));
            }
            return raws;
        }

        private void readArray(JsonParser parser, byte[] export, List<byte[]> raws) throws IOException {
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw fail(raws.size() + 1, null, null, Check.PARSE, "not a JSON object");
                }
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getByteOffset();
                raws.add(java.util.Arrays.copyOfRange(export, start, end));
            }
        }
    }

    /** What the outcome and content checks need of a v1 or v2 record. */
    private record Shape(
            Long sequence,
            UUID requestId,
            String status,
            List<ProcessorResult> processors,
            List<RetainedCategory> retained) {}

    /** The result of checking one v2 record: verified, or the problem; and its warnings. */
    record LeafCheck(VerifiedRecord verified, List<Warning> warnings, Problem problem) {}

    /** Checks one v2 record, the leaf at {@code leafIndex}, exactly as its bytes are in the file. */
    LeafCheck checkLeaf(int position, long leafIndex, byte[] raw) {
        Run run = new Run();
        try {
            VerifiedRecord verified = run.verifyLeaf(position, leafIndex, raw);
            return new LeafCheck(verified, List.copyOf(run.warnings), null);
        } catch (Failed f) {
            return new LeafCheck(null, List.copyOf(run.warnings), f.problem);
        }
    }

    /**
     * Statements already verified: one batch statement is shared by the records of up to a batch's requests, so an
     * export checks each once. Bounded, so a million records keep memory flat.
     */
    private final Map<String, OutcomeSignatureCheck.Result> verifiedStatements =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, OutcomeSignatureCheck.Result> eldest) {
                    return size() > 4096;
                }
            });

    private OutcomeSignatureCheck.Result statementCheck(ObjectNode statement, String processor) {
        String cacheKey = processor + "\n" + CanonicalJson.write(statement);
        OutcomeSignatureCheck.Result cached = verifiedStatements.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        OutcomeSignatureCheck.Result check =
                OutcomeSignatureCheck.check(statement, processor, keys::find, Signatures::verify);
        if (check.verified()) {
            verifiedStatements.put(cacheKey, check);
        }
        return check;
    }

    /** A SHA-256 hash as strict padded base64, or null. */
    static byte[] hash32(String base64) {
        if (base64 == null) {
            return null;
        }
        try {
            byte[] bytes = java.util.Base64.getDecoder().decode(base64);
            return bytes.length == Merkle.HASH_BYTES
                            && java.util.Base64.getEncoder()
                                    .encodeToString(bytes)
                                    .equals(base64)
                    ? bytes
                    : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String abbreviate(String hash) {
        return hash == null ? "null" : hash.length() > 16 ? hash.substring(0, 16) + "…" : hash;
    }

    private static UUID uuidOrNull(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Where in the record the parser stopped; never the parser's message, which may quote the input. */
    private static String location(IOException e) {
        if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            return " (line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr() + ")";
        }
        return "";
    }

    /** The field path of a mapping error, without the offending value. */
    private static String path(Exception e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    sb.append('[').append(ref.getIndex()).append(']');
                }
            }
            return " (invalid value at " + sb + ")";
        }
        return "";
    }
}
