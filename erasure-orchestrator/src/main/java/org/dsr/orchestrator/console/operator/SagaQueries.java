package org.dsr.orchestrator.console.operator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.dsr.orchestrator.console.operator.SagaViews.Counts;
import org.dsr.orchestrator.console.operator.SagaViews.DeferredView;
import org.dsr.orchestrator.console.operator.SagaViews.OutcomeView;
import org.dsr.orchestrator.console.operator.SagaViews.SagaDetail;
import org.dsr.orchestrator.console.operator.SagaViews.SagaRow;
import org.dsr.orchestrator.console.operator.SagaViews.StatusCount;
import org.dsr.orchestrator.console.operator.SagaViews.StepChip;
import org.dsr.orchestrator.console.operator.SagaViews.StepView;
import org.dsr.orchestrator.console.operator.SagaViews.TimelineEntry;
import org.dsr.orchestrator.saga.SagaStatus;

/**
 * The operator pages' reads: plain SQL on the saga tables, one statement per list (no query per row), read-only.
 * The saga package owns the writes; these only look.
 */
@ApplicationScoped
public class SagaQueries {

    static final String OPEN = "s.status not in ('COMPLETED', 'COMPLETED_WITH_RETENTION', 'CANCELLED')";
    static final String AT_RISK = "exists (select 1 from saga_step r where r.request_id = s.request_id"
            + " and r.status <> 'DONE' and coalesce(r.expected_completion, r.next_attempt_at) > s.due_at)";
    private static final String COLUMNS = "s.request_id, s.request_type, s.jurisdiction, s.status, s.received_at,"
            + " s.due_at, s.original_due_at, s.extension_reason, s.completed_at,"
            + " (" + OPEN + " and s.due_at < now()) as overdue,"
            + " (" + OPEN + " and " + AT_RISK + ") as at_risk,"
            + " (select string_agg(st.processor || '=' || st.status, ',' order by st.processor) from saga_step st"
            + " where st.request_id = s.request_id) as steps";

    public enum Order {
        NEWEST_FIRST("s.received_at desc"),
        DUE_FIRST("s.due_at asc");

        final String sql;

        Order(String sql) {
            this.sql = sql;
        }
    }

    private final Pool pool;

    public SagaQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<SagaRow>> list(SagaFilter filter, Order order, int limit) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from saga s where true");
        List<Object> args = new ArrayList<>();
        if (filter.status() != null) {
            args.add(filter.status().name());
            sql.append(" and s.status = $").append(args.size());
        }
        if (filter.processor() != null) {
            args.add(filter.processor());
            sql.append(" and exists (select 1 from saga_step p where p.request_id = s.request_id and p.processor = $")
                    .append(args.size())
                    .append(" and p.status <> 'DONE')");
        }
        if (filter.overdue()) {
            sql.append(" and ").append(OPEN).append(" and s.due_at < now()");
        }
        if (filter.atRisk()) {
            sql.append(" and ").append(OPEN).append(" and ").append(AT_RISK);
        }
        if (filter.dueThisWeek()) {
            sql.append(" and ").append(OPEN).append(" and s.due_at >= now() and s.due_at < now() + interval '7 days'");
        }
        if (filter.jurisdiction() != null) {
            args.add(filter.jurisdiction().name());
            sql.append(" and s.jurisdiction = $").append(args.size());
        }
        if (filter.receivedFrom() != null) {
            args.add(filter.receivedFrom().atStartOfDay().atOffset(ZoneOffset.UTC));
            sql.append(" and s.received_at >= $").append(args.size());
        }
        if (filter.receivedTo() != null) {
            args.add(filter.receivedTo().plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
            sql.append(" and s.received_at < $").append(args.size());
        }
        args.add(Math.max(1, Math.min(limit, 1000)));
        sql.append(" order by ").append(order.sql).append(" limit $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            List<SagaRow> result = new ArrayList<>();
            rows.forEach(row -> result.add(sagaRow(row)));
            return result;
        });
    }

    public Uni<Counts> counts() {
        Uni<Map<String, Long>> byStatus = pool.query("select status, count(*) as n from saga group by status")
                .execute()
                .map(rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    rows.forEach(row -> counts.put(row.getString("status"), row.getLong("n")));
                    return counts;
                });
        Uni<long[]> late = pool.query("select count(*) filter (where " + OPEN + " and s.due_at < now()) as overdue,"
                        + " count(*) filter (where " + OPEN + " and " + AT_RISK + ") as at_risk from saga s")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new long[] {row.getLong("overdue"), row.getLong("at_risk")};
                });
        return Uni.combine().all().unis(byStatus, late).with((counts, lateCounts) -> {
            List<StatusCount> list = new ArrayList<>();
            long total = 0;
            for (SagaStatus status : SagaStatus.values()) {
                long n = counts.getOrDefault(status.name(), 0L);
                total += n;
                list.add(new StatusCount(status.name(), n));
            }
            return new Counts(list, total, lateCounts[0], lateCounts[1]);
        });
    }

    public Uni<Optional<SagaDetail>> detail(UUID requestId) {
        Tuple id = Tuple.of(requestId);
        Uni<Optional<SagaRow>> saga = pool.preparedQuery("select " + COLUMNS + " from saga s where s.request_id = $1")
                .execute(id)
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(sagaRow(rows.iterator().next())));
        Uni<List<Row>> steps = rows(
                "select processor, status, attempt, command_id, dispatched_at, next_attempt_at,"
                        + " expected_completion, completed_at, last_error from saga_step where request_id = $1"
                        + " order by processor",
                id);
        Uni<List<Row>> outcomes = rows(
                "select command_id, category, payload, received_at from step_outcome"
                        + " where request_id = $1 order by received_at, outcome_id",
                id);
        Uni<List<Row>> transitions = rows(
                "select id, processor, from_status, to_status, cause, at"
                        + " from saga_transition where request_id = $1 order by at, id",
                id);
        Uni<List<Row>> actions = rows(
                "select id, processor, action, actor, reason, at from operator_action"
                        + " where request_id = $1 order by id",
                id);
        Uni<List<Row>> deferred = rows(
                "select processor, category, due_on, status, completed_at"
                        + " from deferred_erasure where request_id = $1 order by due_on, processor, category",
                id);
        return Uni.combine()
                .all()
                .unis(saga, steps, outcomes, transitions, actions, deferred)
                .asTuple()
                .map(parts -> parts.getItem1()
                        .map(row -> new SagaDetail(
                                row,
                                stepViews(parts.getItem2(), parts.getItem3()),
                                timeline(parts.getItem4(), parts.getItem5()),
                                parts.getItem6().stream()
                                        .map(r -> new DeferredView(
                                                r.getString("processor"),
                                                r.getString("category"),
                                                r.getLocalDate("due_on"),
                                                r.getString("status"),
                                                instant(r, "completed_at")))
                                        .toList())));
    }

    private Uni<List<Row>> rows(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list;
        });
    }

    private static List<StepView> stepViews(List<Row> steps, List<Row> outcomes) {
        List<StepView> views = new ArrayList<>();
        for (Row step : steps) {
            UUID commandId = step.getUUID("command_id");
            // the newest outcome per category of the step's command (a retry keeps the command id)
            Map<String, OutcomeView> latest = new LinkedHashMap<>();
            for (Row o : outcomes) {
                if (commandId.equals(o.getUUID("command_id"))) {
                    latest.put(o.getString("category"), outcomeView(o));
                }
            }
            views.add(new StepView(
                    step.getString("processor"),
                    step.getString("status"),
                    step.getInteger("attempt"),
                    instant(step, "dispatched_at"),
                    instant(step, "next_attempt_at"),
                    instant(step, "expected_completion"),
                    instant(step, "completed_at"),
                    step.getString("last_error"),
                    List.copyOf(latest.values())));
        }
        return views;
    }

    private static OutcomeView outcomeView(Row row) {
        Instant received = instant(row, "received_at");
        try {
            ProcessorOutcomeV1 o = Json.read(row.getString("payload"), ProcessorOutcomeV1.class);
            return new OutcomeView(
                    o.category(),
                    o.action() == null ? "" : o.action().name(),
                    o.status() == null ? "" : o.status().name(),
                    o.evidence() == null ? null : o.evidence().rowsAffected(),
                    o.evidence() == null ? null : o.evidence().remainingMatches(),
                    o.evidence() == null ? null : o.evidence().verification(),
                    o.retention() == null ? null : o.retention().legalBasis(),
                    o.retention() == null ? null : o.retention().retainUntil(),
                    o.expectedCompletion(),
                    o.failure() == null
                            ? null
                            : (o.failure().retryable() ? "retryable: " : "permanent: ")
                                    + o.failure().reason(),
                    o.signature() != null,
                    received);
        } catch (RuntimeException e) {
            return new OutcomeView(
                    row.getString("category"),
                    "",
                    "UNREADABLE",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    false,
                    received);
        }
    }

    private static List<TimelineEntry> timeline(List<Row> transitions, List<Row> actions) {
        List<TimelineEntry> entries = new ArrayList<>();
        for (Row t : transitions) {
            entries.add(new TimelineEntry(
                    instant(t, "at"),
                    t.getString("processor") == null ? "saga" : "step",
                    t.getString("processor"),
                    t.getString("from_status"),
                    t.getString("to_status"),
                    t.getString("cause"),
                    null));
        }
        for (Row a : actions) {
            entries.add(new TimelineEntry(
                    instant(a, "at"),
                    "operator",
                    a.getString("processor"),
                    null,
                    a.getString("action"),
                    a.getString("reason"),
                    a.getString("actor")));
        }
        entries.sort(Comparator.comparing(TimelineEntry::at));
        return entries;
    }

    static SagaRow sagaRow(Row row) {
        List<StepChip> steps = new ArrayList<>();
        String packed = row.getString("steps");
        if (packed != null) {
            for (String part : packed.split(",")) {
                int eq = part.lastIndexOf('=');
                if (eq > 0) {
                    steps.add(new StepChip(part.substring(0, eq), part.substring(eq + 1)));
                }
            }
        }
        return new SagaRow(
                row.getUUID("request_id"),
                row.getString("request_type"),
                row.getString("jurisdiction"),
                row.getString("status"),
                instant(row, "received_at"),
                instant(row, "due_at"),
                instant(row, "original_due_at"),
                row.getString("extension_reason"),
                instant(row, "completed_at"),
                Boolean.TRUE.equals(row.getBoolean("overdue")),
                Boolean.TRUE.equals(row.getBoolean("at_risk")),
                steps);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
