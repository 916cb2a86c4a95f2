package org.dsr.adapter.kit.datamap;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the database says about its tables: columns with type and nullability, foreign keys, the columns that lead an
 * index ({@code table.column}), which tables are partitions of which, and the triggers.
 */
public record Catalog(Map<String, Map<String, Column>> tables, List<ForeignKey> foreignKeys,
        Set<String> indexLeadingColumns, Map<String, String> partitionOf, List<Trigger> triggers) {

    public Catalog(Map<String, Map<String, Column>> tables, List<ForeignKey> foreignKeys) {
        this(tables, foreignKeys, Set.of());
    }

    public Catalog(Map<String, Map<String, Column>> tables, List<ForeignKey> foreignKeys,
            Set<String> indexLeadingColumns) {
        this(tables, foreignKeys, indexLeadingColumns, Map.of(), List.of());
    }

    /**
     * A trigger of a table (or of one of its partitions), as {@code pg_trigger} has it.
     *
     * @param timing BEFORE, AFTER or INSTEAD OF
     * @param events the events it fires on: INSERT, UPDATE, DELETE, TRUNCATE
     */
    public record Trigger(String table, String name, String timing, Set<String> events) {
    }

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

    public record Column(String type, boolean nullable) {

        /** The PostgreSQL type to cast a text array literal to, e.g. {@code bigint}. */
        public String castType() {
            return switch (type) {
                case "character varying", "character" -> "text";
                case "timestamp with time zone" -> "timestamptz";
                case "timestamp without time zone" -> "timestamp";
                default -> type;
            };
        }

        public boolean isText() {
            return castType().equals("text");
        }
    }

    /** {@code childTable.childColumn} references {@code parentTable.parentColumn}. */
    public record ForeignKey(String childTable, String childColumn, String parentTable, String parentColumn) {
    }

    public Column column(String table, String column) {
        Map<String, Column> columns = tables.get(table);
        return columns == null ? null : columns.get(column);
    }

    /** Reads the current schema over JDBC. */
    public static Catalog load(Connection connection) throws SQLException {
        Map<String, Map<String, Column>> tables = new HashMap<>();
        List<ForeignKey> fks = new ArrayList<>();
        Set<String> leading = new HashSet<>();
        List<Trigger> triggers = new ArrayList<>();
        try (Statement st = connection.createStatement()) {
            try (ResultSet rs = st.executeQuery("select table_name, column_name, data_type, is_nullable"
                    + " from information_schema.columns where table_schema = current_schema()")) {
                while (rs.next()) {
                    tables.computeIfAbsent(rs.getString(1), t -> new HashMap<>()).put(rs.getString(2),
                            new Column(rs.getString(3), "YES".equals(rs.getString(4))));
                }
            }
            try (ResultSet rs = st.executeQuery("select kcu.table_name, kcu.column_name, ccu.table_name,"
                    + " ccu.column_name from information_schema.table_constraints tc"
                    + " join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name"
                    + " and kcu.table_schema = tc.table_schema"
                    + " join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name"
                    + " and ccu.table_schema = tc.table_schema"
                    + " where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()")) {
                while (rs.next()) {
                    fks.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            try (ResultSet rs = st.executeQuery("select t.relname, a.attname from pg_index i"
                    + " join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace"
                    + " join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]"
                    + " where n.nspname = current_schema()")) {
                while (rs.next()) {
                    leading.add(rs.getString(1) + "." + rs.getString(2));
                }
            }
            Map<String, String> partitions = new HashMap<>();
            try (ResultSet rs = st.executeQuery("select c.relname, p.relname from pg_inherits i"
                    + " join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent"
                    + " join pg_namespace n on n.oid = c.relnamespace"
                    + " where n.nspname = current_schema() and c.relispartition")) {
                while (rs.next()) {
                    partitions.put(rs.getString(1), rs.getString(2));
                }
            }
            // tgtype bits: 2 BEFORE, 64 INSTEAD OF (else AFTER); 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE. A trigger
            // cloned onto a partition from its parent is the parent's (tgparentid), listed once.
            try (ResultSet rs = st.executeQuery("select c.relname, t.tgname, t.tgtype from pg_trigger t"
                    + " join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace"
                    + " where n.nspname = current_schema() and not t.tgisinternal and t.tgparentid = 0")) {
                while (rs.next()) {
                    int type = rs.getInt(3);
                    Set<String> events = new java.util.TreeSet<>();
                    if ((type & 4) != 0) {
                        events.add("INSERT");
                    }
                    if ((type & 8) != 0) {
                        events.add("DELETE");
                    }
                    if ((type & 16) != 0) {
                        events.add("UPDATE");
                    }
                    if ((type & 32) != 0) {
                        events.add("TRUNCATE");
                    }
                    String timing = (type & 2) != 0 ? "BEFORE" : (type & 64) != 0 ? "INSTEAD OF" : "AFTER";
                    triggers.add(new Trigger(rs.getString(1), rs.getString(2), timing, Set.copyOf(events)));
                }
            }
            return new Catalog(tables, fks, Set.copyOf(leading), Map.copyOf(partitions), List.copyOf(triggers));
        }
    }
}
