package org.dsr.adapter.kit.datamap;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the database says about its tables: columns with type and nullability, foreign keys, the columns that lead an
 * index ({@code table.column}), which tables are partitions of which, the triggers, and the tables whose triggers the
 * connecting user cannot see (MariaDB shows a table's triggers only to users with the TRIGGER privilege on it); read in
 * the database's {@link SqlDialect}, which the engine then writes its SQL in.
 */
public record Catalog(
        Map<String, Map<String, Column>> tables,
        List<ForeignKey> foreignKeys,
        Set<String> indexLeadingColumns,
        Map<String, String> partitionOf,
        List<Trigger> triggers,
        Set<String> triggersHidden,
        SqlDialect dialect) {

    /** A PostgreSQL catalog (every trigger visible). */
    public Catalog(
            Map<String, Map<String, Column>> tables,
            List<ForeignKey> foreignKeys,
            Set<String> indexLeadingColumns,
            Map<String, String> partitionOf,
            List<Trigger> triggers) {
        this(tables, foreignKeys, indexLeadingColumns, partitionOf, triggers, Set.of(), SqlDialect.POSTGRESQL);
    }

    public Catalog(Map<String, Map<String, Column>> tables, List<ForeignKey> foreignKeys) {
        this(tables, foreignKeys, Set.of());
    }

    public Catalog(
            Map<String, Map<String, Column>> tables, List<ForeignKey> foreignKeys, Set<String> indexLeadingColumns) {
        this(tables, foreignKeys, indexLeadingColumns, Map.of(), List.of());
    }

    /**
     * A trigger of a table (or of one of its partitions), as {@code pg_trigger} or {@code information_schema.triggers}
     * has it.
     *
     * @param timing BEFORE, AFTER or INSTEAD OF
     * @param events the events it fires on: INSERT, UPDATE, DELETE, TRUNCATE
     */
    public record Trigger(String table, String name, String timing, Set<String> events) {}

    /** The partitioned table a partition belongs to (up to the root), or the table itself. */
    public String root(String table) {
        String current = table;
        for (int i = 0; i < 32 && partitionOf.containsKey(current); i++) {
            current = partitionOf.get(current);
        }
        return current;
    }

    /** Whether an index of the table has this column first, so a lookup by it need not read the whole table. */
    public boolean indexed(String table, String column) {
        return indexLeadingColumns.contains(table + "." + column);
    }

    /**
     * @param type     the database's name of the type, as messages show it ({@code character varying}, {@code boolean})
     * @param castType the type the values bound for this column are compared as, e.g. {@code bigint}, {@code text}
     */
    public record Column(String type, boolean nullable, String castType) {

        /** A PostgreSQL column. */
        public Column(String type, boolean nullable) {
            this(type, nullable, SqlDialect.POSTGRESQL.castType(type, type));
        }

        public boolean isText() {
            return castType.equals("text");
        }

        /** A date or a point in time: PostgreSQL's timestamps and date, MariaDB's also datetime. */
        public boolean isDateOrTime() {
            return type.startsWith("timestamp") || type.equals("date") || type.equals("datetime");
        }
    }

    /** {@code childTable.childColumn} references {@code parentTable.parentColumn}. */
    public record ForeignKey(String childTable, String childColumn, String parentTable, String parentColumn) {}

    public Column column(String table, String column) {
        Map<String, Column> columns = tables.get(table);
        return columns == null ? null : columns.get(column);
    }

    /** Reads the current schema of a PostgreSQL database over JDBC. */
    public static Catalog load(Connection connection) throws SQLException {
        try {
            return SqlDialect.POSTGRESQL.catalog(sql -> {
                try (Statement st = connection.createStatement();
                        ResultSet rs = st.executeQuery(sql)) {
                    List<Object[]> rows = new ArrayList<>();
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        Object[] row = new Object[n];
                        for (int i = 0; i < n; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        rows.add(row);
                    }
                    return rows;
                }
            });
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException(e);
        }
    }

    /** Reads the current schema through any connection to a database of that dialect. */
    public static Catalog load(SqlDialect dialect, Reader reader) throws Exception {
        return dialect.catalog(reader);
    }

    /** Runs one catalog query: its rows, each as its columns' values. */
    @FunctionalInterface
    public interface Reader {
        List<Object[]> rows(String sql) throws Exception;
    }
}
