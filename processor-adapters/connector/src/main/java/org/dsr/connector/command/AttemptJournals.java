package org.dsr.connector.command;

import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.dsr.adapter.kit.CommandDecryption;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.connector.kind.CommandContext.AttemptJournal;

/**
 * The connector's attempt journal ({@code connector_attempt}). A kind records what it found before it acts, on a
 * connection of its own that commits at once, so the record survives a crash of the command's transaction; the
 * command's transaction deletes it together with writing the outcome.
 */
@ApplicationScoped
public class AttemptJournals {

    private final Pool pool;

    public AttemptJournals(Pool pool) {
        this.pool = pool;
    }

    /** The journal of one command at one processor, with what an interrupted earlier attempt left (current session). */
    Uni<AttemptJournal> open(UUID commandId, String processor) {
        return Sql.<Object>column(
                        "select state from connector_attempt where command_id = cast(:c as uuid)"
                                + " and processor = :p",
                        "c",
                        commandId.toString(),
                        "p",
                        processor)
                .map(rows -> journal(
                        commandId,
                        processor,
                        rows.isEmpty()
                                ? Optional.empty()
                                : Optional.of(rows.get(0).toString())));
    }

    /** In the command's transaction, with its outcome: the attempt is over. */
    Uni<Void> close(UUID commandId, String processor) {
        return Sql.update(
                        "delete from connector_attempt where command_id = cast(:c as uuid) and processor = :p",
                        "c",
                        commandId.toString(),
                        "p",
                        processor)
                .replaceWithVoid();
    }

    private AttemptJournal journal(UUID commandId, String processor, Optional<String> previous) {
        return new AttemptJournal() {
            @Override
            public Optional<String> previous() {
                return previous;
            }

            @Override
            public Uni<Void> record(String state) {
                return CommandDecryption.onCallersContext(pool.withTransaction(conn -> conn.preparedQuery(
                                        "insert into connector_attempt (command_id, processor, state) values ($1, $2, $3)"
                                                + " on conflict (command_id, processor) do update set state = excluded.state,"
                                                + " recorded_at = now()")
                                .execute(Tuple.of(commandId, processor, state)))
                        .replaceWithVoid());
            }
        };
    }
}
