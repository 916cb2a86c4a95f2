package org.dsr.connector.manual;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.adapter.kit.sql.SqlRow;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.json.Json;

/**
 * The store of manual tasks ({@code manual_task}) and who did what to them ({@code manual_task_event}); every method
 * runs in the caller's transaction (the current Hibernate Reactive session). Nothing stored identifies the subject.
 */
@ApplicationScoped
public class ManualTasks {

    /** The connector itself, as the actor of what no person did (creating, reminding). */
    static final String CONNECTOR = "connector";

    /**
     * One category of a task.
     *
     * @param handles for a deferred erasure, the retention handles the command names (opaque ids); else empty
     * @param stepId  the connector's pending step ({@link org.dsr.connector.kind.PendingStepIds}) it finishes
     */
    public record TaskCategory(String category, Action action, List<String> handles, UUID stepId) {}

    /** A task as stored and as the API shows it. */
    public record Task(
            UUID id,
            String processor,
            UUID commandId,
            UUID requestId,
            String requestType,
            String jurisdiction,
            List<String> identifierTypes,
            List<TaskCategory> categories,
            String vendor,
            String contact,
            String instructions,
            Instant respondBy,
            String status,
            int reminders,
            Instant remindedAt,
            Instant createdAt,
            Instant completedAt,
            String completedBy,
            Map<String, String> outcomes,
            List<Evidence.Exchange> confirmations) {

        public boolean open() {
            return OPEN.equals(status);
        }
    }

    static final String OPEN = "OPEN";
    static final String COMPLETED = "COMPLETED";

    private static final TypeReference<List<TaskCategory>> CATEGORIES = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> OUTCOMES = new TypeReference<>() {};
    private static final TypeReference<List<Evidence.Exchange>> EXCHANGES = new TypeReference<>() {};

    private static final String COLUMNS = "cast(id as text), processor, cast(command_id as text),"
            + " cast(request_id as text), request_type, jurisdiction, identifier_types, categories, vendor, contact,"
            + " instructions, " + millis("respond_by") + ", status, reminders, " + millis("reminded_at") + ", "
            + millis("created_at") + ", " + millis("completed_at") + ", completed_by, outcomes, confirmations";

    private static String millis(String column) {
        return "cast(extract(epoch from " + column + ") * 1000 as bigint)";
    }

    /** Stores a new task (nothing when the command's task exists already) and records its creation. */
    public Uni<Void> add(Task task) {
        return Sql.update(
                        "insert into manual_task (id, processor, command_id, request_id, request_type,"
                                + " jurisdiction, identifier_types, categories, vendor, contact, instructions, respond_by) values"
                                + " (cast(:id as uuid), :p, cast(:c as uuid), cast(:r as uuid), :rt, :j, :it, :cat, :v, :ct, :i,"
                                + " :rb) on conflict (command_id, processor) do nothing",
                        "id",
                        task.id().toString(),
                        "p",
                        task.processor(),
                        "c",
                        task.commandId().toString(),
                        "r",
                        task.requestId().toString(),
                        "rt",
                        task.requestType(),
                        "j",
                        task.jurisdiction(),
                        "it",
                        String.join(",", task.identifierTypes()),
                        "cat",
                        Json.write(task.categories()),
                        "v",
                        task.vendor(),
                        "ct",
                        task.contact(),
                        "i",
                        task.instructions(),
                        "rb",
                        task.respondBy().atOffset(ZoneOffset.UTC))
                .flatMap(inserted -> inserted == 0
                        ? Uni.createFrom().voidItem()
                        : event(
                                task.id(),
                                CONNECTOR,
                                "CREATED",
                                task.categories().size() + " categories, respond by " + task.respondBy()));
    }

    /** Tasks of a status ({@code OPEN}, {@code COMPLETED}), the most urgent (or the latest completed) first. */
    public Uni<List<Task>> list(String status, int limit) {
        String order = OPEN.equals(status) ? "respond_by, created_at" : "completed_at desc";
        return Sql.rows(
                        "select " + COLUMNS + " from manual_task where status = :s order by " + order + " limit :n",
                        "s",
                        status,
                        "n",
                        limit)
                .map(ManualTasks::tasks);
    }

    public Uni<Optional<Task>> find(UUID id) {
        return Sql.rows("select " + COLUMNS + " from manual_task where id = cast(:id as uuid)", "id", id.toString())
                .map(rows -> tasks(rows).stream().findFirst());
    }

    /** The task, locked for the rest of the transaction (a second completion waits, then finds it completed). */
    Uni<Optional<Task>> lock(UUID id) {
        return Sql.rows(
                        "select " + COLUMNS + " from manual_task where id = cast(:id as uuid) for update",
                        "id",
                        id.toString())
                .map(rows -> tasks(rows).stream().findFirst());
    }

    /**
     * Records a reminder of an open task unless one was recorded since {@code overdueSince} (the steps of one task
     * fall due together: one reminder for all of them). True when this call recorded it.
     */
    Uni<Boolean> remind(UUID id, Instant overdueSince) {
        return Sql.update(
                        "update manual_task set reminders = reminders + 1, reminded_at = now() where id ="
                                + " cast(:id as uuid) and status = 'OPEN' and (reminded_at is null or reminded_at < :o)",
                        "id",
                        id.toString(),
                        "o",
                        overdueSince.atOffset(ZoneOffset.UTC))
                .flatMap(n -> n == 0
                        ? Uni.createFrom().item(false)
                        : event(id, CONNECTOR, "REMINDED", "overdue since " + overdueSince)
                                .replaceWith(true));
    }

    /** Marks the task completed by {@code actor}, with the outcome per category and the evidence's hashes. */
    Uni<Void> complete(
            UUID id, String actor, Map<String, String> outcomes, List<Evidence.Exchange> confirmations, String detail) {
        return Sql.update(
                        "update manual_task set status = 'COMPLETED', completed_at = now(), completed_by = :a,"
                                + " outcomes = :o, confirmations = :e where id = cast(:id as uuid)",
                        "a",
                        actor,
                        "o",
                        Json.write(outcomes),
                        "e",
                        Json.write(confirmations),
                        "id",
                        id.toString())
                .chain(() -> event(id, actor, "COMPLETED", detail));
    }

    private static Uni<Void> event(UUID task, String actor, String event, String detail) {
        return Sql.update(
                        "insert into manual_task_event (task_id, actor, event, detail) values (cast(:t as uuid),"
                                + " :a, :e, :d)",
                        "t",
                        task.toString(),
                        "a",
                        actor,
                        "e",
                        event,
                        "d",
                        detail)
                .replaceWithVoid();
    }

    private static List<Task> tasks(List<SqlRow> rows) {
        List<Task> out = new ArrayList<>();
        for (SqlRow r : rows) {
            String types = r.text(6);
            out.add(new Task(
                    UUID.fromString(r.text(0)),
                    r.text(1),
                    UUID.fromString(r.text(2)),
                    UUID.fromString(r.text(3)),
                    r.text(4),
                    r.text(5),
                    types.isEmpty() ? List.of() : List.of(types.split(",")),
                    read(r.value(7), CATEGORIES),
                    r.text(8),
                    r.text(9),
                    r.text(10),
                    instant(r.value(11)),
                    r.text(12),
                    r.intValue(13),
                    instant(r.value(14)),
                    instant(r.value(15)),
                    instant(r.value(16)),
                    r.text(17),
                    read(r.value(18), OUTCOMES),
                    read(r.value(19), EXCHANGES)));
        }
        return out;
    }

    private static <T> T read(Object json, TypeReference<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json.toString(), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("manual_task holds JSON that does not read back", e);
        }
    }

    private static Instant instant(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli(((Number) millis).longValue());
    }
}
