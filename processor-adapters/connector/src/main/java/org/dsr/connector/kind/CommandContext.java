package org.dsr.connector.kind;

import java.util.List;
import java.util.Optional;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.subject.Identifier;

/**
 * One command as a kind sees it.
 *
 * @param command     the command as received (its identifiers still encrypted)
 * @param identifiers the subject's identifiers, decrypted for this command only and normalised; empty for a deferred
 *                    erasure, which names retention handles instead. Never log, store or send them anywhere but to
 *                    the processor itself.
 * @param categories  the categories this connector acts on now (those it knows, with an action it supports)
 * @param journal     what an earlier, interrupted attempt of the same command recorded before acting, and where to
 *                    record this attempt's own finding before acting (see {@link AttemptJournal})
 */
public record CommandContext(
        ProcessorCommandV1 command,
        List<Identifier> identifiers,
        List<CategoryCommand> categories,
        AttemptJournal journal) {

    /**
     * Written by a kind before it acts, committed at once in the connector's own database, so that a crash after the
     * processor acted but before the outcome was recorded is not later reported as NOT_FOUND: the next attempt reads it
     * back ({@link #previous()}) and {@link InterruptedAttempts} credits the earlier action. The state must hold only
     * opaque handles and counts (row keys, vendor object ids), never identifiers.
     */
    public interface AttemptJournal {

        /** The state an earlier attempt of this command recorded, if one did. */
        Optional<String> previous();

        /** Records this attempt's state (replacing any earlier one), committed before the Uni completes. */
        Uni<Void> record(String state);
    }
}
