package org.dsr.adapter.kit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.OutcomeRules;
import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.datamap.Catalog;
import org.dsr.adapter.kit.datamap.DataMapEngine;
import org.dsr.adapter.kit.datamap.DataMapHandler;
import org.dsr.adapter.kit.datamap.KeyedHasher;
import org.dsr.adapter.kit.sql.NamedParameters;
import org.dsr.adapter.kit.sql.SqlRow;
import org.dsr.adapter.kit.sql.SqlSession;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.Subject;

/**
 * A processor's data map run against its own database the way the connector's {@code sql} kind runs it
 * ({@code org.dsr.connector.sql.SqlKind} and {@code SqlConnector}), without Kafka: the map checked against the
 * database's schema ({@link Catalog#load}), the subject's keys resolved from identifiers, then each requested
 * category's handler applied in execution order inside ONE transaction, and each result answered as the connector
 * answers it ({@link OutcomeRules#outcome}). The statements are the engine's own, on plain JDBC.
 * <p>
 * It runs only what the map declares: an unknown category or an action the map does not offer is an
 * {@link IllegalArgumentException} here (the connector refuses those before anything runs).
 */
public final class DataMapRun {

    private final DataSource dataSource;
    private final DataMapEngine engine;

    private DataMapRun(DataSource dataSource, DataMapEngine engine) {
        this.dataSource = dataSource;
        this.engine = engine;
    }

    /**
     * Loads the classpath resource {@code resource} (e.g. the module's {@code data-map.yaml}) and checks it against
     * the schema of the database behind {@code dataSource}; a map that does not fit throws
     * {@link org.dsr.adapter.kit.datamap.DataMapException} naming every bad entry.
     */
    public static DataMapRun load(DataSource dataSource, String resource) {
        String yaml = read(resource);
        Catalog catalog;
        try (Connection c = dataSource.getConnection()) {
            catalog = Catalog.load(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema (SQLState " + e.getSQLState() + ")", e);
        }
        return new DataMapRun(
                dataSource, DataMapEngine.load(yaml, "classpath:" + resource, catalog, KeyedHasher::newKey));
    }

    public DataMapEngine engine() {
        return engine;
    }

    /** What the map offers: category, then its actions. */
    public Map<String, Set<Action>> categories() {
        Map<String, Set<Action>> offered = new LinkedHashMap<>();
        engine.handlers().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> offered.put(e.getKey(), e.getValue().supportedActions()));
        return offered;
    }

    /**
     * The subject's keys as the map resolves them, and the outcome of each category (by category, in execution
     * order). Nothing of the run is committed unless every category ran.
     */
    public record Result(Map<String, List<?>> keys, Map<String, ProcessorOutcomeV1> outcomes) {

        public ProcessorOutcomeV1 outcome(String category) {
            ProcessorOutcomeV1 outcome = outcomes.get(category);
            if (outcome == null) {
                throw new IllegalArgumentException("no outcome for " + category);
            }
            return outcome;
        }
    }

    /** A request of {@code type} in SE with no pseudonym (none of the map's RETAIN options that need one). */
    public Result run(RequestType type, List<Identifier> identifiers, List<CategoryCommand> categories) {
        return run(type, Jurisdiction.SE, null, identifiers, categories);
    }

    /**
     * A request as the orchestrator words it: its jurisdiction (retain-until, legal basis) and the subject's pseudonym
     * (a RETAIN's {@code pseudonym-column}); {@code pseudonym} null for a command without a subject.
     */
    public Result run(
            RequestType type,
            Jurisdiction jurisdiction,
            String pseudonym,
            List<Identifier> identifiers,
            List<CategoryCommand> categories) {
        Subject subject = pseudonym == null
                ? null
                : new Subject(
                        pseudonym,
                        identifiers.stream().map(Identifier::type).distinct().toList(),
                        null);
        ProcessorCommandV1 command = new ProcessorCommandV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "data-map-run",
                type,
                jurisdiction,
                subject,
                List.copyOf(categories),
                Instant.now(),
                1);
        return run(command, identifiers);
    }

    /**
     * A deferred erasure as the orchestrator sends it when retention ends: the retention handles only, no identifiers
     * (they are shredded by then).
     */
    public ProcessorOutcomeV1 deferredErase(String pseudonym, String category, List<String> handles) {
        return run(
                        RequestType.ERASURE,
                        Jurisdiction.SE,
                        pseudonym,
                        List.of(),
                        List.of(new CategoryCommand(category, Action.DEFERRED_ERASE, handles)))
                .outcome(category);
    }

    private Result run(ProcessorCommandV1 command, List<Identifier> identifiers) {
        for (CategoryCommand c : command.categories()) {
            DataMapHandler handler = engine.handler(c.category());
            if (handler == null) {
                throw new IllegalArgumentException("the data map has no category " + c.category());
            }
            if (!handler.supportedActions().contains(c.action())) {
                throw new IllegalArgumentException("the data map offers no " + c.action() + " on " + c.category());
            }
        }
        List<CategoryCommand> ordered = engine.inExecutionOrder(command.categories());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                JdbcSession sql = new JdbcSession(c);
                SubjectMatch subject = engine.resolve(sql, SubjectMatch.of(identifiers))
                        .await()
                        .indefinitely();
                Map<String, ProcessorOutcomeV1> outcomes = new LinkedHashMap<>();
                for (CategoryCommand category : ordered) {
                    CategoryResult result = engine.handler(category.category())
                            .apply(sql, category, subject, command)
                            .await()
                            .indefinitely();
                    outcomes.put(
                            category.category(),
                            OutcomeRules.outcome(
                                    UUID.randomUUID(), "data-map-run", command, category, result, Instant.now()));
                }
                c.commit();
                return new Result(subject.keys(), outcomes);
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("data map run failed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /** A single number, e.g. a count, read outside any run ({@code ?} parameters). */
    public long count(String sql, Object... params) {
        List<List<Object>> rows = rows(sql, params);
        Object value = rows.isEmpty() ? null : rows.get(0).get(0);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Rows of a query as lists of values, read outside any run ({@code ?} parameters). */
    public List<List<Object>> rows(String sql, Object... params) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return read(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /** A statement outside any run, e.g. moving a retain-until into the past ({@code ?} parameters). */
    public int execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static List<List<Object>> read(PreparedStatement ps) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String read(String resource) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (cl != null ? cl : DataMapRun.class.getClassLoader()).getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The engine's statements on one JDBC connection inside its open transaction: its named parameters ({@code :ids})
     * become positional ones, quoted text, quoted names and {@code ::} casts left alone.
     */
    static final class JdbcSession implements SqlSession {

        private final Connection connection;

        JdbcSession(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Uni<Integer> update(String sql, Object... params) {
            return Uni.createFrom().item(() -> {
                try (PreparedStatement ps = prepare(sql, params)) {
                    return ps.executeUpdate();
                } catch (SQLException e) {
                    throw failed(e);
                }
            });
        }

        @Override
        public Uni<Long> count(String sql, Object... params) {
            return rows(sql, params)
                    .map(rows -> rows.isEmpty() || rows.get(0).isNull(0)
                            ? 0L
                            : rows.get(0).longValue(0));
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Uni<List<T>> column(String sql, Object... params) {
            return rows(sql, params)
                    .map(rows -> rows.stream().map(r -> (T) r.value(0)).toList());
        }

        @Override
        public Uni<List<SqlRow>> rows(String sql, Object... params) {
            return Uni.createFrom().item(() -> {
                try (PreparedStatement ps = prepare(sql, params)) {
                    return read(ps).stream().map(SqlRow::new).toList();
                } catch (SQLException e) {
                    throw failed(e);
                }
            });
        }

        private PreparedStatement prepare(String sql, Object... params) throws SQLException {
            if (params.length % 2 != 0) {
                throw new IllegalArgumentException("parameters are name/value pairs");
            }
            Map<String, Object> byName = new HashMap<>();
            for (int i = 0; i < params.length; i += 2) {
                byName.put((String) params[i], params[i + 1]);
            }
            NamedParameters.Positional positional = NamedParameters.questionMarks(sql);
            List<String> names = positional.names();
            PreparedStatement ps = connection.prepareStatement(positional.sql());
            for (int i = 0; i < names.size(); i++) {
                if (!byName.containsKey(names.get(i))) {
                    ps.close();
                    throw new IllegalArgumentException("no value for parameter " + names.get(i));
                }
                ps.setObject(i + 1, byName.get(names.get(i)));
            }
            return ps;
        }

        /** SQLState only: a driver's message may quote a value. */
        private static IllegalStateException failed(SQLException e) {
            return new IllegalStateException("statement failed (SQLState " + e.getSQLState() + ")", e);
        }
    }
}
