package org.dsr.connector.command;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.json.Json;

/**
 * When a correctly signed command is a replay, and so refused. A command is acted on only when all of these hold:
 * <ol>
 * <li>it was issued within the window: {@code issuedAt} no more than {@code maxAge} before now and no more than
 * {@code maxClockSkew} after it (an older command, whatever its id, is refused; so the record of what was seen need
 * be kept only for {@code maxAge});</li>
 * <li>its {@code attempt} is at least 1;</li>
 * <li>if its command id was acted on before at this processor: its content is the same in everything but
 * {@code attempt}, {@code issuedAt} and the signature (a changed action, request type, subject, categories or
 * request is refused: a command id names one thing to do), and its attempt is newer than the newest acted on (an
 * attempt already acted on, or an older one, is refused).</li>
 * </ol>
 * So the orchestrator's re-dispatch (same command id, next attempt, signed anew) is acted on, and is answered from
 * what was done before; the very same Kafka message delivered again never gets here (the inbox skips its event id);
 * anything else carrying a command id already acted on is a replay.
 */
public final class CommandReplayRule {

    /** What is remembered of a command acted on: its content without attempt and time, and its newest attempt. */
    public record Seen(String contentHash, int lastAttempt) {}

    private final Duration maxAge;
    private final Duration maxClockSkew;

    public CommandReplayRule(Duration maxAge, Duration maxClockSkew) {
        if (maxAge.isNegative() || maxAge.isZero() || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("the command window needs a positive maximum age and a clock skew >= 0");
        }
        this.maxAge = maxAge;
        this.maxClockSkew = maxClockSkew;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** The checks that need no memory: issued within the window, a positive attempt. Empty: fresh. */
    public Optional<String> stale(ProcessorCommandV1 command, Instant now) {
        if (command.issuedAt() == null) {
            return Optional.of("processor command has no issuedAt");
        }
        if (command.issuedAt().isBefore(now.minus(maxAge))) {
            return Optional.of("processor command issued more than " + maxAge + " ago: refused as a replay");
        }
        if (command.issuedAt().isAfter(now.plus(maxClockSkew))) {
            return Optional.of("processor command issued more than " + maxClockSkew + " in the future");
        }
        if (command.attempt() < 1) {
            return Optional.of("processor command attempt must be at least 1");
        }
        return Optional.empty();
    }

    /**
     * The check against what was acted on for this command id before ({@code null}: nothing). Empty: act.
     *
     * @param contentHash {@link #contentHash} of the command
     */
    public Optional<String> replayed(ProcessorCommandV1 command, String contentHash, Seen before) {
        if (before == null) {
            return Optional.empty();
        }
        if (!before.contentHash().equals(contentHash)) {
            return Optional.of("processor command id seen before with other content (only attempt and issuedAt may"
                    + " change): refused as a replay");
        }
        if (command.attempt() <= before.lastAttempt()) {
            return Optional.of("processor command attempt " + command.attempt() + " is not newer than attempt "
                    + before.lastAttempt() + " already acted on: refused as a replay");
        }
        return Optional.empty();
    }

    /**
     * SHA-256 (hex) of the command's RFC 8785 canonical JSON without {@code signature}, {@code attempt} and
     * {@code issuedAt}: what every dispatch of one command id has in common.
     */
    public static String contentHash(ProcessorCommandV1 command) {
        ObjectNode tree = (ObjectNode) Json.tree(command);
        tree.remove(SignedJson.SIGNATURE_FIELD);
        tree.remove("attempt");
        tree.remove("issuedAt");
        return Hashes.sha256Hex(CanonicalJson.canonicalize(tree.toString()));
    }
}
