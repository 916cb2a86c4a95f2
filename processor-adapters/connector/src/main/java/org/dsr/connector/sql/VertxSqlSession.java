package org.dsr.connector.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.dsr.adapter.kit.sql.NamedParameters;
import org.dsr.adapter.kit.sql.SqlRow;
import org.dsr.adapter.kit.sql.SqlSession;

/**
 * The data-map engine's statements on one connection of a processor's database (PostgreSQL, or MariaDB/MySQL),
 * inside its open transaction.
 */
final class VertxSqlSession implements SqlSession {

    private final SqlConnection connection;
    private final boolean questionMarks;

    /** @param questionMarks MySQL's and MariaDB's {@code ?} placeholders rather than PostgreSQL's {@code $1} */
    VertxSqlSession(SqlConnection connection, boolean questionMarks) {
        this.connection = connection;
        this.questionMarks = questionMarks;
    }

    @Override
    public Uni<Integer> update(String sql, Object... params) {
        return execute(sql, params).map(RowSet::rowCount);
    }

    @Override
    public Uni<Long> count(String sql, Object... params) {
        return execute(sql, params).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return 0L;
            }
            Object value = it.next().getValue(0);
            return value == null ? 0L : ((Number) value).longValue();
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Uni<List<T>> column(String sql, Object... params) {
        return execute(sql, params).map(rows -> {
            List<T> out = new ArrayList<>();
            for (Row row : rows) {
                out.add((T) row.getValue(0));
            }
            return out;
        });
    }

    @Override
    public Uni<List<SqlRow>> rows(String sql, Object... params) {
        return execute(sql, params).map(rows -> {
            List<SqlRow> out = new ArrayList<>();
            for (Row row : rows) {
                List<Object> cells = new ArrayList<>(row.size());
                for (int i = 0; i < row.size(); i++) {
                    cells.add(row.getValue(i));
                }
                out.add(new SqlRow(cells));
            }
            return out;
        });
    }

    private Uni<RowSet<Row>> execute(String sql, Object... params) {
        if (params.length % 2 != 0) {
            throw new IllegalArgumentException("parameters are name/value pairs");
        }
        Map<String, Object> byName = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            byName.put((String) params[i], params[i + 1]);
        }
        NamedParameters.Positional positional =
                questionMarks ? NamedParameters.questionMarks(sql) : NamedParameters.convert(sql);
        Tuple tuple = Tuple.tuple();
        for (String name : positional.names()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("no value for parameter " + name);
            }
            tuple.addValue(byName.get(name));
        }
        return connection.preparedQuery(positional.sql()).execute(tuple);
    }
}
