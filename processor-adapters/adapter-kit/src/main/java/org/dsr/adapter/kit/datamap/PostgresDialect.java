package org.dsr.adapter.kit.datamap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dsr.adapter.kit.datamap.Catalog.Column;
import org.dsr.adapter.kit.datamap.Catalog.ForeignKey;
import org.dsr.adapter.kit.datamap.Catalog.Trigger;
import org.dsr.adapter.kit.sql.SqlArrays;

/**
 * PostgreSQL: lists are one text parameter holding an array literal, cast in SQL
 * ({@code col = any(cast(cast(:p as text) as bigint[]))}); per-row values are parallel arrays {@code unnest}ed in an
 * {@code update ... from}; the catalog comes from {@code information_schema} and {@code pg_catalog}.
 */
final class PostgresDialect implements SqlDialect {

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String inList(String column, String param, String type) {
        return column + " = any(cast(cast(:" + param + " as text) as " + type + "[]))";
    }

    @Override
    public Object list(Collection<?> values) {
        return SqlArrays.of(values);
    }

    @Override
    public String asText(String expression) {
        return "cast(" + expression + " as text)";
    }

    @Override
    public String isDistinctFrom(String a, String b) {
        return a + " is distinct from " + b;
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
        StringBuilder from = new StringBuilder("select unnest(cast(cast(:ids as text) as " + idType + "[])) as v_id");
        List<Object> params = new ArrayList<>(List.of("ids", SqlArrays.of(ids)));
        columns.forEach((name, type) -> {
            from.append(", unnest(cast(cast(:")
                    .append(name)
                    .append(" as text) as ")
                    .append(type)
                    .append("[])) as ")
                    .append(name);
            params.add(name);
            params.add(nullableText(values.get(name)));
        });
        return new Statement(
                "update " + table + " set " + String.join(", ", sets) + " from (" + from + ") v where " + table + "."
                        + id + " = v.v_id",
                params.toArray());
    }

    private static String nullableText(List<String> values) {
        return values.stream()
                .map(v -> v == null ? "NULL" : '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "{", "}"));
    }

    @Override
    public String castType(String dataType, String columnType) {
        return switch (dataType) {
            case "character varying", "character" -> "text";
            case "timestamp with time zone" -> "timestamptz";
            case "timestamp without time zone" -> "timestamp";
            default -> dataType;
        };
    }

    @Override
    public Catalog catalog(Catalog.Reader reader) throws Exception {
        Map<String, Map<String, Column>> tables = new HashMap<>();
        for (Object[] r : reader.rows("select table_name, column_name, data_type, is_nullable"
                + " from information_schema.columns where table_schema = current_schema()")) {
            String type = (String) r[2];
            tables.computeIfAbsent((String) r[0], t -> new HashMap<>())
                    .put((String) r[1], new Column(type, "YES".equals(r[3]), castType(type, type)));
        }
        List<ForeignKey> fks = new ArrayList<>();
        for (Object[] r : reader.rows("select kcu.table_name, kcu.column_name, ccu.table_name,"
                + " ccu.column_name from information_schema.table_constraints tc"
                + " join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name"
                + " and kcu.table_schema = tc.table_schema"
                + " join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name"
                + " and ccu.table_schema = tc.table_schema"
                + " where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()")) {
            fks.add(new ForeignKey((String) r[0], (String) r[1], (String) r[2], (String) r[3]));
        }
        Set<String> leading = new HashSet<>();
        for (Object[] r : reader.rows("select t.relname, a.attname from pg_index i"
                + " join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace"
                + " join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]"
                + " where n.nspname = current_schema()")) {
            leading.add(r[0] + "." + r[1]);
        }
        Map<String, String> partitions = new HashMap<>();
        for (Object[] r : reader.rows("select c.relname, p.relname from pg_inherits i"
                + " join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent"
                + " join pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname = current_schema() and c.relispartition")) {
            partitions.put(String.valueOf(r[0]), String.valueOf(r[1]));
        }
        // tgtype bits: 2 BEFORE, 64 INSTEAD OF (else AFTER); 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE. A trigger
        // cloned onto a partition from its parent is the parent's (tgparentid), listed once.
        List<Trigger> triggers = new ArrayList<>();
        for (Object[] r : reader.rows("select c.relname, t.tgname, t.tgtype from pg_trigger t"
                + " join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname = current_schema() and not t.tgisinternal and t.tgparentid = 0")) {
            int type = ((Number) r[2]).intValue();
            Set<String> events = new TreeSet<>();
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
            triggers.add(new Trigger(String.valueOf(r[0]), String.valueOf(r[1]), timing, Set.copyOf(events)));
        }
        return new Catalog(
                tables, fks, Set.copyOf(leading), Map.copyOf(partitions), List.copyOf(triggers), Set.of(), this);
    }
}
