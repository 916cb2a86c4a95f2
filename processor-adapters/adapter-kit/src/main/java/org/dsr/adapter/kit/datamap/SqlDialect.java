package org.dsr.adapter.kit.datamap;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The few places where the data-map engine's SQL differs between the databases it runs on: PostgreSQL
 * ({@link #POSTGRESQL}, the adapters' stores and the connector's default) and MariaDB 10.6+ / MySQL 8
 * ({@link #MARIADB}, the connector's {@code mariadb://} and {@code mysql://} processors). A {@link Catalog} carries
 * the dialect of the database it was read from; {@link DataMapEngine} and {@link DataMapHandler} take it from there.
 * <p>
 * <b>Writing new engine SQL.</b> Everything else the engine writes is SQL both databases accept as it is (select,
 * update ... set ... where, delete, count(*), coalesce, greatest, now(), true/false, cast(x as date)). Where it is not:
 * <ul>
 * <li>a column against a list of values (the subject's keys or identifiers, ids, handles): never inline them and never
 * write {@code any(...)}; write {@link #inList inList(column, "p", type)} and bind {@code "p", }{@link #list list(values)}
 * (one parameter whatever the count; empty matches nothing); {@code type} is the column's
 * {@link Catalog.Column#castType()};</li>
 * <li>per-row values (each row its own hash, date...): {@link #updateRows}, never {@code unnest} or
 * {@code update ... from};</li>
 * <li>a value read back as text: {@link #asText}; {@code is distinct from}: {@link #isDistinctFrom};</li>
 * <li>anything the schema says (columns, keys, indexes, partitions, triggers): {@link #catalog}, never
 * {@code pg_catalog} or {@code information_schema} in the engine.</li>
 * </ul>
 * Parameters are named ({@code :p}); each session turns them into its driver's placeholders. Keep the PostgreSQL
 * statements as they were: the adapters' tests read them.
 */
public interface SqlDialect {

    SqlDialect POSTGRESQL = new PostgresDialect();
    SqlDialect MARIADB = new MariaDbDialect();

    /** {@code postgresql} or {@code mariadb}, for messages. */
    String name();

    /** {@code column} equals one of the values bound to {@code :param} ({@link #list}), compared as {@code type}. */
    String inList(String column, String param, String type);

    /** The value to bind for {@link #inList}: numbers stay numbers, everything else is text. */
    Object list(Collection<?> values);

    /** The expression read back as text (e.g. a date as {@code 2025-12-31}, null stays null). */
    String asText(String expression);

    /** {@code a is distinct from b}: true also when {@code a} is null. */
    String isDistinctFrom(String a, String b);

    /**
     * An update of the rows of {@code table} whose {@code id} is one of {@code ids}, each with its own values: a derived
     * table {@code v} with {@code v.v_id} and one column per entry of {@code columns} (name to SQL type, e.g.
     * {@code c0 -> text}, {@code u -> date}) that {@code sets} read as {@code v.<name>}, e.g.
     * {@code col = v.c0}. Targets in {@code sets} are the table's own column names, unqualified.
     *
     * @param values per column name, one value per id (nulls allowed), in the order of {@code ids}
     */
    Statement updateRows(
            String table,
            String id,
            String idType,
            List<String> sets,
            Map<String, String> columns,
            List<?> ids,
            Map<String, List<String>> values);

    /** Reads tables, columns, foreign keys, index-leading columns, partitions and triggers of the current schema. */
    Catalog catalog(Catalog.Reader reader) throws Exception;

    /** A statement with its named parameters as name/value pairs. */
    record Statement(String sql, Object[] params) {}

    /** The SQL type of a column as the values bound for it are cast to (see {@link Catalog.Column#castType()}). */
    String castType(String dataType, String columnType);
}
