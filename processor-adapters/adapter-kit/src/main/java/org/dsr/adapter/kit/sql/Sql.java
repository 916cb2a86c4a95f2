package org.dsr.adapter.kit.sql;

import java.util.List;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Native SQL on the current Hibernate Reactive session, i.e. inside the command's transaction. Parameters are
 * name/value pairs: {@code Sql.update("delete from t where id = any(cast(cast(:ids as text) as bigint[]))", "ids",
 * match.keyArray("t"))}. Values must not be null.
 */
public final class Sql {

    private static final SqlSession CURRENT = new SqlSession() {
        @Override
        public Uni<Integer> update(String sql, Object... params) {
            return Sql.update(sql, params);
        }

        @Override
        public Uni<Long> count(String sql, Object... params) {
            return Sql.count(sql, params);
        }

        @Override
        public <T> Uni<List<T>> column(String sql, Object... params) {
            return Sql.column(sql, params);
        }

        @Override
        public Uni<List<SqlRow>> rows(String sql, Object... params) {
            return Sql.rows(sql, params);
        }
    };

    private Sql() {}

    /** These statements as a {@link SqlSession}: whatever session is current when each one runs. */
    public static SqlSession session() {
        return CURRENT;
    }

    public static Uni<Integer> update(String sql, Object... params) {
        return Panache.getSession()
                .flatMap(session -> bind(session.createNativeQuery(sql), params).executeUpdate());
    }

    /** The first column of the single row, as a long ({@code select count(*) ...}). */
    public static Uni<Long> count(String sql, Object... params) {
        return Panache.getSession()
                .flatMap(session ->
                        bind(session.<Object>createNativeQuery(sql), params).getSingleResult())
                .map(value -> value == null ? 0L : ((Number) value).longValue());
    }

    /** One column per row. */
    public static <T> Uni<List<T>> column(String sql, Object... params) {
        return Panache.getSession()
                .flatMap(session ->
                        bind(session.<T>createNativeQuery(sql), params).getResultList());
    }

    /** Several columns per row. */
    public static Uni<List<SqlRow>> rows(String sql, Object... params) {
        return Panache.getSession()
                .flatMap(session ->
                        bind(session.<Object>createNativeQuery(sql), params).getResultList())
                .map(rows -> rows.stream().map(SqlRow::of).toList());
    }

    private static <R> Mutiny.Query<R> bind(Mutiny.Query<R> query, Object... params) {
        if (params.length % 2 != 0) {
            throw new IllegalArgumentException("parameters are name/value pairs");
        }
        for (int i = 0; i < params.length; i += 2) {
            query.setParameter((String) params[i], params[i + 1]);
        }
        return query;
    }
}
