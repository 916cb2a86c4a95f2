package org.dsr.connector.pending;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.adapter.kit.sql.SqlRow;
import org.dsr.connector.kind.PendingStep;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;

/**
 * The store of the categories a command was answered for ({@code connector_pending}): those answered PENDING, open
 * until they finish, and those answered at once with a final status, stored finished. What a re-dispatch of the
 * command is answered from. Every method runs in the caller's transaction (the current Hibernate Reactive session).
 */
@ApplicationScoped
public class PendingSteps {

    /**
     * A stored step: open (PENDING; with the message key, the command, the due time and the evidence of the PENDING
     * answer) or finished with its final outcome (message key and command cleared).
     */
    public record Row(
            PendingStep step,
            String status,
            String messageKey,
            ProcessorCommandV1 command,
            ProcessorOutcomeV1 finalOutcome,
            int attempts,
            Instant dueAt,
            Evidence pendingEvidence) {

        public boolean open() {
            return "PENDING".equals(status);
        }
    }

    private static final String COLUMNS = "cast(id as text), cast(command_id as text), cast(request_id as text),"
            + " processor, category, action, resume_state, polls, expected_completion, status, message_key, command,"
            + " final_outcome, attempts, due_at, pending_evidence";

    /** Records a PENDING answer, in the transaction of the PENDING outcome. */
    public Uni<Void> add(
            UUID id,
            ProcessorCommandV1 command,
            String category,
            Action action,
            String resumeState,
            Instant expectedCompletion,
            Evidence evidence) {
        return Sql.update(
                        "insert into connector_pending (id, command_id, request_id, processor, category, action,"
                                + " message_key, command, resume_state, expected_completion, due_at, pending_evidence) values"
                                + " (cast(:id as uuid), cast(:c as uuid), cast(:r as uuid), :p, :cat, :a, :k, :cmd, :s,"
                                + " cast(:e as timestamptz), cast(:e as timestamptz), :ev) on conflict (command_id, processor,"
                                + " category) do nothing",
                        "id",
                        id.toString(),
                        "c",
                        command.commandId().toString(),
                        "r",
                        command.requestId().toString(),
                        "p",
                        command.processor(),
                        "cat",
                        category,
                        "a",
                        action.name(),
                        "k",
                        command.subject().pseudonym(),
                        "cmd",
                        Json.write(withoutIdentifiers(command)),
                        "s",
                        resumeState == null ? "" : resumeState,
                        "e",
                        utc(expectedCompletion),
                        "ev",
                        Json.write(evidence))
                .replaceWithVoid();
    }

    /**
     * Records a final answer given at once (any status but PENDING and FAILED), signed, in the transaction of the
     * outbox row that publishes it: the step is stored finished, with neither message key nor command.
     */
    public Uni<Void> answered(UUID id, ProcessorOutcomeV1 outcome) {
        return Sql.update(
                        "insert into connector_pending (id, command_id, request_id, processor, category, action,"
                                + " status, final_outcome, finished_at) values (cast(:id as uuid), cast(:c as uuid), cast(:r as uuid),"
                                + " :p, :cat, :a, 'DONE', :o, now()) on conflict (command_id, processor, category) do nothing",
                        "id",
                        id.toString(),
                        "c",
                        outcome.commandId().toString(),
                        "r",
                        outcome.requestId().toString(),
                        "p",
                        outcome.processor(),
                        "cat",
                        outcome.category(),
                        "a",
                        outcome.action().name(),
                        "o",
                        Json.write(outcome))
                .replaceWithVoid();
    }

    /** The steps of a command at a processor, for a re-dispatch. */
    public Uni<List<Row>> ofCommand(UUID commandId, String processor) {
        return Sql.rows(
                        "select " + COLUMNS + " from connector_pending where command_id = cast(:c as uuid) and"
                                + " processor = :p",
                        "c",
                        commandId.toString(),
                        "p",
                        processor)
                .map(PendingSteps::rows);
    }

    /** Due open steps, locked ({@code for update skip locked}: another instance's are left alone). */
    Uni<List<Row>> lockDue(int limit) {
        return Sql.rows(
                        "select " + COLUMNS + " from connector_pending where status = 'PENDING' and due_at <= now()"
                                + " order by due_at limit :n for update skip locked",
                        "n",
                        limit)
                .map(PendingSteps::rows);
    }

    /** One open step, locked; empty when it is finished, unknown or held by another transaction. */
    /** Whether the step was ever recorded, open or finished (a step answered 202 is recorded only at commit). */
    public Uni<Boolean> exists(UUID id) {
        return Panache.withSession(
                () -> Sql.rows("select id from connector_pending where id = cast(:id as uuid)", "id", id.toString())
                        .map(rows -> !rows.isEmpty()));
    }

    public Uni<List<Row>> lockOpen(UUID id) {
        return Sql.rows(
                        "select " + COLUMNS + " from connector_pending where id = cast(:id as uuid) and status ="
                                + " 'PENDING' for update skip locked",
                        "id",
                        id.toString())
                .map(PendingSteps::rows);
    }

    Uni<Void> postpone(UUID id, String resumeState, Instant expected, Instant due, boolean failed, String error) {
        return Sql.update(
                        "update connector_pending set resume_state = :s, expected_completion = cast(:e as"
                                + " timestamptz), due_at = cast(:d as timestamptz), polls = polls + 1, attempts = "
                                + (failed ? "attempts + 1" : "0") + ", last_error = :err where id = cast(:id as uuid)",
                        "s",
                        resumeState == null ? "" : resumeState,
                        "e",
                        utc(expected),
                        "d",
                        utc(due),
                        "err",
                        error == null ? "" : error,
                        "id",
                        id.toString())
                .replaceWithVoid();
    }

    Uni<Void> finish(UUID id, ProcessorOutcomeV1 outcome) {
        return Sql.update(
                        "update connector_pending set status = :st, final_outcome = :o, finished_at = now(),"
                                + " resume_state = null, message_key = null, command = null where id = cast(:id as uuid)",
                        "st",
                        outcome.status().name().equals("FAILED") ? "FAILED" : "DONE",
                        "o",
                        Json.write(outcome),
                        "id",
                        id.toString())
                .replaceWithVoid();
    }

    /** A command as stored with a pending step: everything but the encrypted identifiers. */
    static ProcessorCommandV1 withoutIdentifiers(ProcessorCommandV1 c) {
        var subject = new org.dsr.contracts.subject.Subject(
                c.subject().pseudonym(), c.subject().identifierTypes(), null);
        return new ProcessorCommandV1(
                c.commandId(),
                c.requestId(),
                c.processor(),
                c.requestType(),
                c.jurisdiction(),
                subject,
                c.categories(),
                c.issuedAt(),
                c.attempt());
    }

    private static List<Row> rows(List<SqlRow> rows) {
        List<Row> out = new ArrayList<>();
        for (SqlRow r : rows) {
            String resume = r.isNull(6) || r.text(6).isEmpty() ? null : r.text(6);
            PendingStep step = new PendingStep(
                    UUID.fromString(r.text(0)),
                    UUID.fromString(r.text(1)),
                    UUID.fromString(r.text(2)),
                    r.text(3),
                    r.text(4),
                    Action.valueOf(r.text(5)),
                    resume,
                    r.intValue(7),
                    instant(r.value(8)));
            out.add(new Row(
                    step,
                    r.text(9),
                    r.text(10),
                    r.isNull(11) ? null : Json.read(r.text(11), ProcessorCommandV1.class),
                    r.isNull(12) ? null : Json.read(r.text(12), ProcessorOutcomeV1.class),
                    r.intValue(13),
                    instant(r.value(14)),
                    r.isNull(15) ? null : Json.read(r.text(15), Evidence.class)));
        }
        return out;
    }

    /** A time as the PostgreSQL client binds a timestamptz parameter (it does not coerce a String). */
    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        return Instant.parse(value.toString());
    }
}
