package org.dsr.contracts.proof;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The result of verifying one export: the records that passed, the warnings, and the first problem (verification
 * stops there). {@link #lines()} is the human-readable output, one line per record, warning and note, then the
 * summary; it never contains personal data (records hold none, and no record is printed whole).
 */
public record ProofReport(
        List<VerifiedRecord> verified,
        List<Warning> warnings,
        Optional<Problem> problem,
        List<String> lines,
        String summary) {

    /** What was checked when a record failed. */
    public enum Check {
        /** The export is not a JSON array (or {"records": [...]}) of objects. */
        EXPORT("unreadable export"),
        /** The record does not read as a CompletionRecordV1 or misses a required field. */
        PARSE("unreadable record"),
        /** The bytes are not the RFC 8785 canonical form: something was changed after signing. */
        CANONICAL("changed bytes"),
        /** The signature names a key that was not provided. */
        UNKNOWN_KEY("unknown key"),
        /** The orchestrator's signature does not verify. */
        SIGNATURE("bad signature"),
        /** previousRecordHash does not link to the record before it. */
        CHAIN("broken chain"),
        /** The sequence does not increase by exactly one. */
        SEQUENCE("broken sequence"),
        /** A processor's signature on an embedded outcome does not verify, or is by another processor's key. */
        OUTCOME_SIGNATURE("bad outcome signature"),
        /** Status, retained categories or outcomes do not agree with each other. */
        CONTENT("inconsistent content"),
        /**
         * v2: an outcome's batch statement is not signed by its processor's key, or the outcome is not at its leaf
         * index under the root the processor signed.
         */
        BATCH_PROOF("bad batch proof"),
        /**
         * v2: the checkpoint is not a C2SP signed note of the log's origin signed by the pinned orchestrator key, or
         * does not say what the file says (size, origin).
         */
        CHECKPOINT("bad checkpoint"),
        /** v2: fewer pinned witnesses cosigned the checkpoint than required, or a pinned witness's cosignature is bad. */
        WITNESS("missing cosignature"),
        /** v2: the record's inclusion proof does not lead from its leaf to the checkpoint's root. */
        INCLUSION("not in the log"),
        /** v2: the export holds fewer records than its header's range: records were cut off. */
        TRUNCATED("truncated export"),
        /**
         * v2: the records of an export (with its left hashes) do not make a tree consistent with the checkpoint, or
         * two checkpoints are not consistent: a record was removed, reordered, added or changed, or a proof is wrong.
         */
        CONSISTENCY("inconsistent with the checkpoint");

        private final String description;

        Check(String description) {
            this.description = description;
        }

        /** How reports and the console name the failure, e.g. "broken chain". */
        public String description() {
            return description;
        }
    }

    /** A record that passed every check. */
    public record VerifiedRecord(
            int position, long sequence, UUID requestId, int version, String status, String keyId, String recordHash) {}

    /** Something not checked, which does not make the proof false. */
    public record Warning(int position, long sequence, String message) {}

    /**
     * The first failure.
     *
     * @param position 1-based position of the record in the export file
     * @param sequence the record's sequence, null when it could not be read
     * @param requestId the record's request, null when it could not be read
     */
    public record Problem(int position, Long sequence, UUID requestId, Check check, String message) {}

    public boolean ok() {
        return problem.isEmpty();
    }
}
