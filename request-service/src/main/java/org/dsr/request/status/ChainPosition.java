package org.dsr.request.status;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.dsr.contracts.event.CompletionRecordV1;

/**
 * Whether a signed completion record fits the orchestrator's hash chain as far as the records stored here show it.
 * Records arrive out of order (the topic has several partitions, keyed by subject), so a record whose predecessor is
 * not stored yet is accepted on its signature, and the link is checked when the predecessor arrives: a record is
 * checked against the stored record before it AND the stored record after it. Plain Java: no database, no clock.
 */
public final class ChainPosition {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    /** A record as the chain sees it: {@code hash} is its chain hash (canonical JSON, signature included). */
    public record Link(UUID recordId, long sequence, String previousRecordHash, String hash) {}

    /** What to do with a record: store it, ignore it as one already stored, or refuse it with the reason. */
    public record Verdict(Kind kind, String reason) {

        public enum Kind {
            ACCEPT,
            DUPLICATE,
            REFUSE
        }

        static Verdict accept() {
            return new Verdict(Kind.ACCEPT, null);
        }

        static Verdict refuse(String reason) {
            return new Verdict(Kind.REFUSE, reason);
        }
    }

    private ChainPosition() {}

    /** The checks that need nothing stored: a sequence from 1, a hash, and the genesis hash exactly at 1. */
    public static Optional<String> malformed(Link record) {
        if (record.sequence() < 1) {
            return Optional.of("completion record " + record.recordId() + " has sequence " + record.sequence()
                    + "; a chain starts at 1");
        }
        if (record.previousRecordHash() == null
                || !HASH.matcher(record.previousRecordHash()).matches()) {
            return Optional.of("completion record " + record.recordId()
                    + " has no previousRecordHash of 64 lower-case hex digits");
        }
        boolean genesis = CompletionRecordV1.GENESIS_HASH.equals(record.previousRecordHash());
        if (record.sequence() == 1 && !genesis) {
            return Optional.of("completion record " + record.recordId()
                    + " is #1 of the chain but does not link to the genesis hash (64 zeros)");
        }
        if (record.sequence() > 1 && genesis) {
            return Optional.of("completion record " + record.recordId() + " is #" + record.sequence()
                    + " but links to the genesis hash, which only #1 may");
        }
        return Optional.empty();
    }

    /**
     * @param sameId the stored record with the same record id, if any
     * @param sameSequence the stored record at the same sequence, if any
     * @param before the stored record at sequence - 1, if any
     * @param after the stored record at sequence + 1, if any
     */
    public static Verdict check(
            Link record,
            Optional<Link> sameId,
            Optional<Link> sameSequence,
            Optional<Link> before,
            Optional<Link> after) {
        Optional<String> malformed = malformed(record);
        if (malformed.isPresent()) {
            return Verdict.refuse(malformed.get());
        }
        String name = "completion record " + record.recordId() + " (#" + record.sequence() + ")";
        if (sameId.isPresent()) {
            if (sameId.get().hash().equals(record.hash())) {
                return new Verdict(Verdict.Kind.DUPLICATE, null);
            }
            return Verdict.refuse(name + " differs from the stored record with the same id (#"
                    + sameId.get().sequence() + ")");
        }
        if (sameSequence.isPresent()) {
            return Verdict.refuse(
                    name + " conflicts with stored record " + sameSequence.get().recordId() + " at the same sequence");
        }
        if (before.isPresent() && !before.get().hash().equals(record.previousRecordHash())) {
            return Verdict.refuse(name + ": previousRecordHash " + abbreviate(record.previousRecordHash())
                    + " is not the hash of stored record " + before.get().recordId() + " (#"
                    + before.get().sequence()
                    + ", " + abbreviate(before.get().hash()) + ")");
        }
        if (after.isPresent() && !record.hash().equals(after.get().previousRecordHash())) {
            return Verdict.refuse(name + " hashes to " + abbreviate(record.hash()) + ", but stored record "
                    + after.get().recordId() + " (#" + after.get().sequence() + ") links to "
                    + abbreviate(after.get().previousRecordHash()) + " as its predecessor");
        }
        return Verdict.accept();
    }

    private static String abbreviate(String hash) {
        return hash == null ? "null" : hash.length() > 16 ? hash.substring(0, 16) + "..." : hash;
    }
}
