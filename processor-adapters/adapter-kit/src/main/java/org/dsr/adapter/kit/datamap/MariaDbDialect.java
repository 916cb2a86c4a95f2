package org.dsr.adapter.kit.datamap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dsr.adapter.kit.datamap.Catalog.Column;
import org.dsr.adapter.kit.datamap.Catalog.ForeignKey;
import org.dsr.adapter.kit.datamap.Catalog.Trigger;

/**
 * MariaDB 10.6+ (and MySQL 8, which has the same functions): lists and per-row values are one JSON array parameter
 * read with {@code JSON_TABLE} ({@code col in (select v from json_table(:p, '$[*]' columns (v bigint path '$')) j)});
 * per-row updates join it ({@code update t join json_table(...) v on ... set t.col = v.c0}); the catalog comes from
 * {@code information_schema} of the current database ({@code database()}).
 * <p>
 * Types: {@code tinyint(1)} (what MariaDB makes of {@code boolean}) is reported as {@code boolean}; integers are
 * compared as {@code bigint}, character columns as {@code text}. Partitions are not tables in MariaDB (a partitioned
 * table is always named by its own name and reaches every partition) and InnoDB refuses foreign keys on partitioned
 * tables, so the catalog has no partitions to refuse.
 */
final class MariaDbDialect implements SqlDialect {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public String inList(String column, String param, String type) {
        return column + " in (select v from json_table(:" + param + ", '$[*]' columns (v " + type + " path '$')) j)";
    }

    @Override
    public Object list(Collection<?> values) {
        return json(values.stream().map(MariaDbDialect::jsonValue).toList());
    }

    @Override
    public String asText(String expression) {
        return "cast(" + expression + " as char)";
    }

    @Override
    public String isDistinctFrom(String a, String b) {
        return "not (" + a + " <=> " + b + ")";
    }

    @Override
    public Statement updateRows(
            String table,
            String id,
            String idType,
            List<String> sets,
            Map<String, String> columns,
            List<?> ids,
            Map<String, List<String>> values) {
        StringBuilder cols = new StringBuilder("v_id " + idType + " path '$[0]'");
        int i = 1;
        for (Map.Entry<String, String> c : columns.entrySet()) {
            cols.append(", ")
                    .append(c.getKey())
                    .append(' ')
                    .append(c.getValue())
                    .append(" path '$[")
                    .append(i++)
                    .append("]'");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < ids.size(); r++) {
            List<Object> row = new ArrayList<>();
            row.add(jsonValue(ids.get(r)));
            for (String name : columns.keySet()) {
                row.add(values.get(name).get(r));
            }
            rows.add(row);
        }
        // a set target is qualified: unqualified, a column of the table named like one of v's would be ambiguous
        List<String> qualified = sets.stream().map(s -> table + "." + s).toList();
        return new Statement(
                "update " + table + " join json_table(:rows, '$[*]' columns (" + cols + ")) v on " + table + "." + id
                        + " = v.v_id set " + String.join(", ", qualified),
                new Object[] {"rows", json(rows)});
    }

    private static Object jsonValue(Object value) {
        return value instanceof Number ? value : String.valueOf(value);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON parameter", e);
        }
    }

    @Override
    public String castType(String dataType, String columnType) {
        String unsigned = columnType != null && columnType.contains("unsigned") ? " unsigned" : "";
        return switch (dataType) {
            case "tinyint", "smallint", "mediumint", "int" -> "bigint";
            case "bigint" -> "bigint" + unsigned;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> "text";
            case "timestamp", "datetime" -> "datetime";
            case "float", "double" -> "double";
            case "year" -> "int";
            default -> columnType == null ? dataType : columnType;
        };
    }

    @Override
    public Catalog catalog(Catalog.Reader reader) throws Exception {
        Map<String, Map<String, Column>> tables = new HashMap<>();
        for (Object[] r : reader.rows("select table_name, column_name, data_type, column_type, is_nullable"
                + " from information_schema.columns where table_schema = database()")) {
            String dataType = text(r[2]).toLowerCase(java.util.Locale.ROOT);
            String columnType = text(r[3]).toLowerCase(java.util.Locale.ROOT);
            String type = columnType.equals("tinyint(1)") ? "boolean" : dataType;
            tables.computeIfAbsent(text(r[0]), t -> new HashMap<>())
                    .put(text(r[1]), new Column(type, "YES".equals(text(r[4])), castType(dataType, columnType)));
        }
        List<ForeignKey> fks = new ArrayList<>();
        for (Object[] r : reader.rows("select table_name, column_name, referenced_table_name, referenced_column_name"
                + " from information_schema.key_column_usage where table_schema = database()"
                + " and referenced_table_schema = database() and referenced_table_name is not null")) {
            fks.add(new ForeignKey(text(r[0]), text(r[1]), text(r[2]), text(r[3])));
        }
        Set<String> leading = new HashSet<>();
        for (Object[] r : reader.rows("select table_name, column_name from information_schema.statistics"
                + " where table_schema = database() and seq_in_index = 1")) {
            leading.add(text(r[0]) + "." + text(r[1]));
        }
        // one event per trigger in MariaDB 10.x; grouped anyway
        Map<String, Set<String>> events = new LinkedHashMap<>();
        Map<String, String[]> named = new LinkedHashMap<>();
        for (Object[] r : reader.rows("select event_object_table, trigger_name, action_timing, event_manipulation"
                + " from information_schema.triggers where trigger_schema = database()")) {
            String key = text(r[0]) + "." + text(r[1]);
            named.putIfAbsent(key, new String[] {text(r[0]), text(r[1]), text(r[2])});
            events.computeIfAbsent(key, k -> new TreeSet<>()).add(text(r[3]));
        }
        List<Trigger> triggers = new ArrayList<>();
        named.forEach((key, t) -> triggers.add(new Trigger(t[0], t[1], t[2], Set.copyOf(events.get(key)))));
        return new Catalog(
                tables,
                fks,
                Set.copyOf(leading),
                Map.of(),
                List.copyOf(triggers),
                triggersHidden(reader, tables.keySet()),
                this);
    }

    /**
     * The tables whose triggers {@code information_schema.triggers} does not show this user. MySQL shows a table's
     * triggers only to a user with the TRIGGER privilege on it; MariaDB (10.11, as tested) also to one that may update
     * or delete its rows, as the connector's user may on every table the map changes. A hidden trigger cannot be
     * checked, so such a table is refused rather than taken to have none.
     */
    private static Set<String> triggersHidden(Catalog.Reader reader, Set<String> tables) throws Exception {
        boolean mariadb = text(reader.rows("select version()").get(0)[0]).contains("MariaDB");
        Set<String> reveal = mariadb ? Set.of("TRIGGER", "UPDATE", "DELETE") : Set.of("TRIGGER");
        // the user's own grants, written 'user'@'host' (current_user() is user@host): global, database, table
        String grantee = "concat('''', replace(current_user(), '@', '''@'''), '''')";
        Set<String> everywhere = new HashSet<>();
        for (Object[] r : reader.rows("select privilege_type from information_schema.user_privileges where grantee = "
                + grantee + " union all select privilege_type from information_schema.schema_privileges"
                + " where grantee = " + grantee + " and database() like table_schema")) {
            everywhere.add(text(r[0]));
        }
        Map<String, Set<String>> byTable = new HashMap<>();
        for (Object[] r : reader.rows("select table_name, privilege_type from information_schema.table_privileges"
                + " where grantee = " + grantee + " and table_schema = database()")) {
            byTable.computeIfAbsent(text(r[0]), t -> new HashSet<>()).add(text(r[1]));
        }
        Set<String> hidden = new TreeSet<>();
        for (String table : tables) {
            Set<String> held = new HashSet<>(everywhere);
            held.addAll(byTable.getOrDefault(table, Set.of()));
            if (held.stream().noneMatch(reveal::contains)) {
                hidden.add(table);
            }
        }
        return Set.copyOf(hidden);
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }
}
