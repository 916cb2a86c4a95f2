package org.dsr.connector.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.datamap.DataMapEngine;
import org.dsr.adapter.kit.datamap.SqlDialect;
import org.dsr.connector.kind.CommandContext;
import org.dsr.connector.kind.InterruptedAttempts;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.json.Json;
import org.dsr.kit.reactive.InOrder;

/**
 * One processor's database, acted on through its data map in ONE transaction of that database per command: resolve the
 * subject's keys, count each category's rows and record keys and counts in the attempt journal (committed in the
 * connector's own database before anything changes), then act on each category in the map's order, children before
 * parents, each followed by its verification read. A crash after this transaction commits but before the outcome is
 * recorded is credited on the next attempt by the journal's counts ({@link InterruptedAttempts}).
 */
final class SqlConnector implements ProcessorConnector {

    private final String processor;
    private final DataMapEngine engine;
    private final Pool pool;
    private final Map<String, Set<Action>> categories;

    SqlConnector(String processor, DataMapEngine engine, Pool pool) {
        this.processor = processor;
        this.engine = engine;
        this.pool = pool;
        Map<String, Set<Action>> byName = new LinkedHashMap<>();
        engine.handlers().forEach((name, handler) -> byName.put(name, handler.supportedActions()));
        this.categories = Map.copyOf(byName);
    }

    @Override
    public String processor() {
        return processor;
    }

    @Override
    public Map<String, Set<Action>> categories() {
        return categories;
    }

    @Override
    public Uni<List<StepResult>> execute(CommandContext context) {
        List<CategoryCommand> ordered = engine.inExecutionOrder(context.categories());
        Journal previous = context.journal().previous().map(SqlConnector::read).orElse(Journal.EMPTY);
        return pool.withTransaction(connection -> {
            VertxSqlSession sql =
                    new VertxSqlSession(connection, engine.catalog().dialect() == SqlDialect.MARIADB);
            return engine.resolve(sql, SubjectMatch.of(context.identifiers()))
                    .map(subject -> previous.addTo(subject))
                    .flatMap(subject -> countAll(sql, ordered, subject)
                            .flatMap(counts -> context.journal().record(write(subject, counts)))
                            .chain(() -> actOnAll(sql, ordered, subject, context, previous)));
        });
    }

    private Uni<Map<String, Long>> countAll(VertxSqlSession sql, List<CategoryCommand> ordered, SubjectMatch subject) {
        return InOrder.fold(
                ordered,
                new HashMap<>(),
                (counts, c) -> engine.handler(c.category())
                        .countMatching(sql, c, subject)
                        .map(n -> {
                            counts.put(c.category(), n);
                            return counts;
                        }));
    }

    private Uni<List<StepResult>> actOnAll(
            VertxSqlSession sql,
            List<CategoryCommand> ordered,
            SubjectMatch subject,
            CommandContext context,
            Journal previous) {
        return InOrder.map(
                ordered,
                c -> engine.handler(c.category())
                        .apply(sql, c, subject, context.command())
                        .map(result -> StepResult.of(
                                c.category(),
                                InterruptedAttempts.credit(previous.counts().getOrDefault(c.category(), 0L), result))));
    }

    /** The journal entry: the subject's keys in this database (row keys, never identifiers) and the rows found. */
    record Journal(Map<String, List<Object>> keys, Map<String, Long> counts) {
        static final Journal EMPTY = new Journal(Map.of(), Map.of());

        /** The subject as resolved now plus the keys an interrupted attempt found (rows it may have deleted since). */
        SubjectMatch addTo(SubjectMatch subject) {
            SubjectMatch merged = subject;
            for (Map.Entry<String, List<Object>> e : keys.entrySet()) {
                List<Object> union = new ArrayList<>(merged.keys(e.getKey()));
                e.getValue().stream().filter(v -> !union.contains(v)).forEach(union::add);
                merged = merged.withKeys(e.getKey(), union);
            }
            return merged;
        }
    }

    static String write(SubjectMatch subject, Map<String, Long> counts) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode keys = root.putObject("keys");
        subject.keys().forEach((name, values) -> {
            var array = keys.putArray(name);
            values.forEach(v -> {
                if (v instanceof Number n) {
                    array.add(n.longValue());
                } else {
                    array.add(String.valueOf(v));
                }
            });
        });
        ObjectNode countsNode = root.putObject("counts");
        counts.forEach(countsNode::put);
        return Json.write(root);
    }

    static Journal read(String state) {
        JsonNode root = Json.read(state, JsonNode.class);
        Map<String, List<Object>> keys = new LinkedHashMap<>();
        root.path("keys").fields().forEachRemaining(e -> {
            List<Object> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.isNumber() ? (Object) v.asLong() : v.asText()));
            keys.put(e.getKey(), values);
        });
        Map<String, Long> counts = new HashMap<>();
        root.path("counts")
                .fields()
                .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return new Journal(keys, counts);
    }

    @Override
    public void close() {
        pool.closeAndAwait();
    }
}
