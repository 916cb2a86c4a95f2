package org.dsr.adapter.kit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.sql.Sql;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.subject.Subject;
import org.dsr.contracts.json.Json;

/**
 * The {@code pending_work} table: categories an asynchronous processor accepted (answered PENDING) and
 * {@link PendingWorkJob} finishes later. Every method runs on the current session, i.e. inside the caller's
 * transaction: {@link CommandProcessor} writes rows with the inbox row and the PENDING outcomes.
 * <p>
 * A row keeps what finishing needs and nothing more: the command without its encrypted identifiers, and the
 * subject's own keys in this store (account ids, device ids...), never identifiers; the keys are cleared when the
 * row is finished.
 */
@IfBuildProperty(name = "adapter-kit.command-path", stringValue = "adapter", enableIfMissing = true)
@ApplicationScoped
public class PendingWork {

    static final String PENDING = "PENDING";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";

    private static final TypeReference<LinkedHashMap<String, List<Object>>> KEYS = new TypeReference<>() {
    };
    private static final String COLUMNS = "cast(id as text), category, exec_order, command, subject_keys,"
            + " cast(floor(extract(epoch from expected_completion) * 1000) as bigint),"
            + " cast(floor(extract(epoch from due_at) * 1000) as bigint), attempts, status, final_outcome";

    private final Set<String> asyncCategories;
    private final java.time.Duration delay;

    public PendingWork(AdapterConfig config) {
        this.asyncCategories = config.asyncCategories().orElse(Set.of());
        this.delay = config.asyncDelay();
    }

    /** One row; {@code subjectKeys} is null once finished. */
    public record Row(UUID id, String category, int order, String command, String subjectKeys,
            Instant expectedCompletion, Instant dueAt, int attempts, String status, String finalOutcome) {

        public boolean open() {
            return PENDING.equals(status);
        }

        /** The command as stored: without identifiers, with this category only. */
        public ProcessorCommandV1 commandOnly() {
            return Json.read(command, ProcessorCommandV1.class);
        }

        public SubjectMatch subject() {
            Map<String, List<Object>> keys = Json.MAPPER.convertValue(readTree(subjectKeys), KEYS);
            Map<String, List<Object>> normalised = new LinkedHashMap<>();
            keys.forEach((name, values) -> normalised.put(name, values.stream()
                    .map(v -> v instanceof Number n ? (Object) n.longValue() : v.toString()).toList()));
            return SubjectMatch.ofKeys(normalised);
        }

        /** A finished row whose final answer invites a retry: a re-dispatch acts on it afresh. */
        boolean actAgain() {
            if (open() || finalOutcome == null) {
                return false;
            }
            ProcessorOutcomeV1 last = Json.read(finalOutcome, ProcessorOutcomeV1.class);
            return last.status() == OutcomeStatus.FAILED && last.failure() != null && last.failure().retryable();
        }
    }

    public boolean isAsync(String category) {
        return asyncCategories.contains(category);
    }

    public Set<String> asyncCategories() {
        return asyncCategories;
    }

    /** The expected completion of work accepted now (millisecond precision, as the table keeps it). */
    public Instant expectedCompletion() {
        return Instant.now().plus(delay).truncatedTo(ChronoUnit.MILLIS);
    }

    /** This command's rows by category, locked until the transaction ends (waits for the job to let go). */
    public Uni<Map<String, Row>> lock(UUID commandId) {
        return Sql.rows("select " + COLUMNS + " from pending_work where command_id = " + uuid("c")
                + " order by exec_order, category for update", "c", commandId.toString()).map(rows -> {
                    Map<String, Row> byCategory = new LinkedHashMap<>();
                    rows.stream().map(PendingWork::row).forEach(r -> byCategory.put(r.category(), r));
                    return byCategory;
                });
    }

    /**
     * Records the category as accepted and answers PENDING. The row holds the command without its encrypted
     * identifiers and the subject's keys; a concurrent delivery of the same command keeps the first row.
     */
    public Uni<ProcessorOutcomeV1> defer(String eventId, UUID outcomeId, String processor,
            ProcessorCommandV1 command, CategoryCommand category, int order, SubjectMatch subject,
            Instant expected) {
        ProcessorCommandV1 stored = new ProcessorCommandV1(command.commandId(), command.requestId(),
                command.processor(), command.requestType(), command.jurisdiction(),
                new Subject(command.subject().pseudonym(), command.subject().identifierTypes(), null),
                List.of(category), command.issuedAt(), command.attempt());
        UUID id = UUID.nameUUIDFromBytes(("pending-work|" + command.commandId() + "|" + category.category() + "|"
                + eventId).getBytes(StandardCharsets.UTF_8));
        return Sql.update("insert into pending_work (id, event_id, command_id, request_id, processor, category,"
                + " action, exec_order, command, subject_keys, expected_completion, due_at) values (" + uuid("id")
                + ", :event, " + uuid("command_id") + ", " + uuid("request_id") + ", :processor, :category, :action,"
                + " :exec_order, :command, :keys, " + time("expected") + ", " + time("expected") + ")"
                + " on conflict (command_id, category) do nothing",
                "id", id.toString(), "event", eventId, "command_id", command.commandId().toString(),
                "request_id", command.requestId().toString(), "processor", processor,
                "category", category.category(), "action", category.action().name(), "exec_order", order,
                "command", Json.write(stored), "keys", Json.write(subject.keys()), "expected", expected.toString())
                .chain(() -> Sql.rows("select " + COLUMNS + " from pending_work where command_id = " + uuid("c")
                        + " and category = :category", "c", command.commandId().toString(),
                        "category", category.category()))
                .map(rows -> answerAgain(row(rows.get(0)), outcomeId, processor, command, category));
    }

    /**
     * A re-dispatch of a command whose category is already pending or finished: never acts twice. Open work is
     * answered PENDING with its expected completion (moved on only by failed runs); finished work with a copy of its
     * final outcome under this delivery's outcome id.
     */
    public ProcessorOutcomeV1 answerAgain(Row row, UUID outcomeId, String processor, ProcessorCommandV1 command,
            CategoryCommand category) {
        if (row.open()) {
            Instant expected = row.dueAt().isAfter(row.expectedCompletion()) ? row.dueAt() : row.expectedCompletion();
            return OutcomeRules.outcome(outcomeId, processor, command, category, CategoryResult.pending(0, expected,
                    "accepted for asynchronous completion: nothing acted on or verified yet"), Instant.now());
        }
        return Json.read(row.finalOutcome(), ProcessorOutcomeV1.class).againAs(outcomeId);
    }

    /** Forgets a finished row so that the category is acted on afresh (see {@link Row#actAgain()}). */
    Uni<Void> forget(Row row) {
        return Sql.update("delete from pending_work where id = " + uuid("id"), "id", row.id().toString())
                .replaceWithVoid();
    }

    // ----- for the job

    /** Commands with due open work, oldest first. */
    Uni<List<UUID>> dueCommands(int limit) {
        return Sql.<Object> column("select cast(command_id as text) from pending_work where status = 'PENDING'"
                + " and due_at <= now() group by command_id order by min(due_at) limit :n", "n", limit)
                .map(ids -> ids.stream().map(id -> UUID.fromString(id.toString())).toList());
    }

    /**
     * Every open row of the command, locked, if all of them are free and due; else empty (another instance holds
     * some, or part of it is not due): a command's categories are finished together, in order.
     */
    Uni<List<Row>> lockDue(UUID commandId) {
        return Sql.rows("select " + COLUMNS + " from pending_work where command_id = " + uuid("c")
                + " and status = 'PENDING' order by exec_order, category for update skip locked", "c",
                commandId.toString()).flatMap(locked -> Sql.count("select count(*) from pending_work where"
                        + " command_id = " + uuid("c") + " and status = 'PENDING'", "c", commandId.toString())
                        .map(open -> {
                            List<Row> rows = locked.stream().map(PendingWork::row).toList();
                            Instant now = Instant.now();
                            if (rows.isEmpty() || rows.size() != open
                                    || rows.stream().anyMatch(r -> r.dueAt().isAfter(now))) {
                                return List.<Row> of();
                            }
                            return rows;
                        }));
    }

    /** Open rows of the command, locked (waits): for recording a failed run. */
    Uni<List<Row>> lockOpen(UUID commandId) {
        return Sql.rows("select " + COLUMNS + " from pending_work where command_id = " + uuid("c")
                + " and status = 'PENDING' order by exec_order, category for update", "c", commandId.toString())
                .map(rows -> rows.stream().map(PendingWork::row).toList());
    }

    /** The final outcome is in the outbox: the row is finished and forgets the subject's keys. */
    Uni<Void> finish(Row row, String status, ProcessorOutcomeV1 signed, Throwable cause) {
        return Sql.update("update pending_work set status = :status, final_outcome = :outcome, subject_keys = null,"
                + " finished_at = now(), attempts = attempts + 1, last_error = nullif(:error, '')"
                + " where id = " + uuid("id"),
                "status", status, "outcome", Json.write(signed), "error", errorOf(cause), "id", row.id().toString())
                .replaceWithVoid();
    }

    /** The work is still running at the processor: look again at {@code dueAt}. */
    Uni<Void> postpone(List<Row> rows, Instant dueAt, boolean failed, Throwable cause) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.id().toString()));
        return Sql.update("update pending_work set due_at = " + time("due") + ", attempts = attempts + :inc,"
                + " last_error = nullif(:error, '') where id = any(cast(cast(:ids as text) as uuid[]))", "due",
                dueAt.truncatedTo(ChronoUnit.MILLIS).toString(), "inc", failed ? 1 : 0, "error", errorOf(cause),
                "ids", org.dsr.adapter.kit.sql.SqlArrays.text(ids)).replaceWithVoid();
    }

    /** A uuid parameter, bound as text (the reactive client binds by the inferred type). */
    private static String uuid(String name) {
        return "cast(cast(:" + name + " as text) as uuid)";
    }

    /** A timestamptz parameter, bound as ISO-8601 text. */
    private static String time(String name) {
        return "cast(cast(:" + name + " as text) as timestamptz)";
    }

    /** Never the message: it may quote data. The class says enough to start looking. */
    private static String errorOf(Throwable cause) {
        return cause == null ? "" : cause.getClass().getName();
    }

    private static Row row(Object[] c) {
        return new Row(UUID.fromString((String) c[0]), (String) c[1], ((Number) c[2]).intValue(), (String) c[3],
                (String) c[4], Instant.ofEpochMilli(((Number) c[5]).longValue()),
                Instant.ofEpochMilli(((Number) c[6]).longValue()), ((Number) c[7]).intValue(), (String) c[8],
                (String) c[9]);
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("pending work holds unreadable subject keys");
        }
    }
}
