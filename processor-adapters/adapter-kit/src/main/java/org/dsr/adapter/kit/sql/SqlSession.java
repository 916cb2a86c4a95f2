package org.dsr.adapter.kit.sql;

import java.util.List;
import io.smallrye.mutiny.Uni;

/**
 * Native SQL inside one open transaction of the store a category acts on. Parameters are name/value pairs
 * ({@code :ids} in the SQL, then {@code "ids", value}); values must not be null. An adapter's own store is the current
 * Hibernate Reactive session ({@link Sql#session()}); the connector's {@code sql} kind runs the same statements on a
 * connection of the processor's database ({@code org.dsr.connector.sql.VertxSqlSession}).
 */
public interface SqlSession {

    Uni<Integer> update(String sql, Object... params);

    /** The first column of the single row, as a long ({@code select count(*) ...}). */
    Uni<Long> count(String sql, Object... params);

    /** One column per row. */
    <T> Uni<List<T>> column(String sql, Object... params);

    /** Several columns per row. */
    Uni<List<SqlRow>> rows(String sql, Object... params);
}
