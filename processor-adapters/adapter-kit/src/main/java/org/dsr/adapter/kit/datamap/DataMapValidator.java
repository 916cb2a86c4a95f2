package org.dsr.adapter.kit.datamap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsr.adapter.kit.datamap.Catalog.Column;
import org.dsr.adapter.kit.datamap.Catalog.ForeignKey;
import org.dsr.adapter.kit.datamap.DataMap.Category;
import org.dsr.adapter.kit.datamap.DataMap.ColumnAction;
import org.dsr.adapter.kit.datamap.DataMap.From;
import org.dsr.adapter.kit.datamap.DataMap.Key;
import org.dsr.adapter.kit.datamap.DataMap.Treatment;

/**
 * Checks a parsed data map against the database and the adapter's Java handlers: every table and column exists;
 * types fit the action (text for mask, keyed-hash and generalise-ip; boolean for restrict-flag; nullable for null);
 * matched columns have the key's type; a category is not also a Java handler; and the order never violates a foreign
 * key: a category whose rows are deleted runs before any category whose deleted rows they reference.
 */
public final class DataMapValidator {

    private final DataMap map;
    private final Catalog catalog;
    private final List<String> errors = new ArrayList<>();

    private DataMapValidator(DataMap map, Catalog catalog) {
        this.map = map;
        this.catalog = catalog;
    }

    /**
     * The columns the map finds a subject's rows by (a key's identifier and {@code from} columns, a category's
     * {@code match} columns and RETAIN's {@code pseudonym-column}) that lead no index, as {@code table.column}, sorted. Not an error (a small table reads
     * fast either way), but every command reads such a table whole, so the time per saga grows with the store.
     */
    public static List<String> unindexedLookups(DataMap map, Catalog catalog) {
        java.util.SortedSet<String> missing = new java.util.TreeSet<>();
        for (DataMap.Key key : map.keys().values()) {
            key.identifiers().values().forEach(column -> {
                if (!catalog.indexed(key.table(), column)) {
                    missing.add(key.table() + "." + column);
                }
            });
            key.from().forEach(from -> {
                if (!catalog.indexed(key.table(), from.column())) {
                    missing.add(key.table() + "." + from.column());
                }
            });
        }
        for (DataMap.Category category : map.categories().values()) {
            category.match().keySet().forEach(column -> {
                if (!catalog.indexed(category.table(), column)) {
                    missing.add(category.table() + "." + column);
                }
            });
            DataMap.Treatment retained = category.actions().get(org.dsr.contracts.event.Action.RETAIN);
            String pseudonym = retained == null ? null : retained.retain().pseudonymColumn();
            if (pseudonym != null && !catalog.indexed(category.table(), pseudonym)) {
                missing.add(category.table() + "." + pseudonym);
            }
        }
        return List.copyOf(missing);
    }

    public static void validate(DataMap map, Catalog catalog, String source) {
        DataMapValidator v = new DataMapValidator(map, catalog);
        v.run();
        if (!v.errors.isEmpty()) {
            throw new DataMapException(source, v.errors);
        }
    }

    private void run() {
        for (Key key : map.keys().values()) {
            String path = "keys[" + key.name() + "]";
            if (partition(path + ".table", key.table())) {
                continue;
            }
            if (column(path + ".column", key.table(), key.column()) == null) {
                continue;
            }
            key.identifiers().forEach((type, col) -> {
                Column c = column(path + ".identifiers[" + type + "]", key.table(), col);
                if (c != null && !c.isText()) {
                    errors.add(path + ".identifiers[" + type + "]: identifiers are text; " + key.table() + "." + col
                            + " is " + c.type());
                }
            });
            for (int i = 0; i < key.from().size(); i++) {
                From f = key.from().get(i);
                sameType(
                        path + ".from[" + i + "].column",
                        key.table(),
                        f.column(),
                        map.keys().get(f.key()));
            }
        }
        for (Category c : map.categories().values()) {
            String path = "categories[" + c.name() + "]";
            if (!catalog.tables().containsKey(c.table())) {
                errors.add(path + ".table: no table '" + c.table() + "'");
                continue;
            }
            if (partition(path + ".table", c.table())) {
                continue;
            }
            Treatment retained = c.actions().get(org.dsr.contracts.event.Action.RETAIN);
            if (retained != null) {
                retainColumns(path + ".actions[RETAIN]", c, retained.retain());
            }
            c.match().forEach((col, by) -> {
                Key key = map.keys().get(by);
                if (key != null) {
                    sameType(path + ".match[" + col + "]", c.table(), col, key);
                } else {
                    column(path + ".match[" + col + "]", c.table(), col);
                }
            });
            boolean anonymises = c.actions().values().stream()
                    .anyMatch(t -> !t.delete()
                            && t.columns().values().stream().noneMatch(a -> a == ColumnAction.RESTRICT_FLAG));
            if (anonymises) {
                column(path + ".id", c.table(), c.id());
            }
            c.actions()
                    .forEach((action, treatment) -> treatment.columns().forEach((col, ca) -> {
                        String p = path + ".actions[" + action + "].columns[" + col + "]";
                        Column column = column(p, c.table(), col);
                        if (column == null) {
                            return;
                        }
                        switch (ca) {
                            case MASK, KEYED_HASH, GENERALISE_IP -> {
                                if (!column.isText()) {
                                    errors.add(p + ": " + ca.spelling() + " needs a text column, not " + column.type());
                                }
                            }
                            case NULL -> {
                                if (!column.nullable()) {
                                    errors.add(p + ": null on a column declared not null");
                                }
                            }
                            case RESTRICT_FLAG -> {
                                if (!column.type().equals("boolean")) {
                                    errors.add(p + ": restrict-flag needs a boolean column, not " + column.type());
                                }
                            }
                            case NOW -> {
                                if (!column.isDateOrTime()) {
                                    errors.add(p + ": now needs a timestamp or date column, not " + column.type());
                                }
                            }
                            case KEEP -> {}
                        }
                    }));
        }
        checkOrder();
        checkTriggers();
    }

    /** A partition named directly would miss the subject's rows in every other partition. */
    private boolean partition(String path, String table) {
        String parent = catalog.partitionOf().get(table);
        if (parent != null) {
            errors.add(path + ": '" + table + "' is a partition of '" + catalog.root(table) + "': name the partitioned"
                    + " table, so the subject's rows are found in every partition");
            return true;
        }
        return false;
    }

    private void retainColumns(String path, Category c, DataMap.Retain retain) {
        Column date = column(path + ".date-column", c.table(), retain.dateColumn());
        if (date != null && !date.isDateOrTime()) {
            errors.add(path + ".date-column: the period runs from a date or timestamp, not " + date.type());
        }
        if (retain.restrictColumn() != null) {
            Column flag = column(path + ".restrict", c.table(), retain.restrictColumn());
            if (flag != null && !flag.type().equals("boolean")) {
                errors.add(path + ".restrict: needs a boolean column, not " + flag.type());
            }
        }
        if (retain.untilColumn() != null) {
            Column until = column(path + ".until-column", c.table(), retain.untilColumn());
            if (until != null && !until.type().equals("date")) {
                errors.add(path + ".until-column: needs a date column, not " + until.type());
            }
        }
        if (retain.pseudonymColumn() != null) {
            Column pseudonym = column(path + ".pseudonym-column", c.table(), retain.pseudonymColumn());
            if (pseudonym != null && !pseudonym.isText()) {
                errors.add(path + ".pseudonym-column: the pseudonym is text, not " + pseudonym.type());
            }
        }
        Column id = column(path.replace(".actions[RETAIN]", ".id"), c.table(), c.id());
        for (int i = 0; i < retain.withDependents().size(); i++) {
            String dependent = retain.withDependents().get(i);
            String p = path + ".with-dependents[" + dependent + "]";
            if (!table(p, dependent)) {
                continue;
            }
            if (id != null && referencing(dependent, c.table(), c.id()).isEmpty()) {
                errors.add(p + ": " + dependent + " has no foreign key to " + c.table() + "." + c.id() + ": only rows"
                        + " referencing the retained rows by their ids (the retention handles) are deleted with them");
            }
            for (int j = i + 1; j < retain.withDependents().size(); j++) {
                String later = retain.withDependents().get(j);
                for (ForeignKey fk : catalog.foreignKeys()) {
                    if (catalog.root(fk.childTable()).equals(later)
                            && catalog.root(fk.parentTable()).equals(dependent)) {
                        errors.add(p + ": must come after " + later + ": " + fk.childTable() + "." + fk.childColumn()
                                + " references " + fk.parentTable() + "." + fk.parentColumn() + ", and the tables are"
                                + " deleted in the order listed");
                    }
                }
            }
        }
        for (String parent : retain.deleteOrphaned()) {
            String p = path + ".delete-orphaned[" + parent + "]";
            if (!table(p, parent)) {
                continue;
            }
            if (catalog.foreignKeys().stream()
                    .noneMatch(fk -> catalog.root(fk.childTable()).equals(c.table())
                            && catalog.root(fk.parentTable()).equals(parent))) {
                errors.add(p + ": " + c.table() + " has no foreign key to " + parent + ": only rows the deleted rows"
                        + " referenced can be left orphaned");
            } else if (anonymisedMarker(map, parent) == null) {
                errors.add(p + ": no category ANONYMISEs " + parent + " with a now column (e.g. anonymised_at): only"
                        + " rows the map has anonymised are deleted, never a row still in use");
            }
        }
    }

    private boolean table(String path, String table) {
        if (!catalog.tables().containsKey(table)) {
            errors.add(path + ": no table '" + table + "'");
            return false;
        }
        return !partition(path, table);
    }

    /** The foreign keys of {@code child} (or its partitions) that reference {@code parent.column}. */
    private List<ForeignKey> referencing(String child, String parent, String column) {
        return catalog.foreignKeys().stream()
                .filter(fk -> catalog.root(fk.childTable()).equals(child)
                        && catalog.root(fk.parentTable()).equals(parent)
                        && fk.parentColumn().equals(column))
                .toList();
    }

    /**
     * The column a category's ANONYMISE sets to {@code now} on {@code table} (e.g. anonymised_at): not null marks a
     * row the map has anonymised. Null when no category does.
     */
    static String anonymisedMarker(DataMap map, String table) {
        for (Category c : map.categories().values()) {
            Treatment anonymise = c.actions().get(org.dsr.contracts.event.Action.ANONYMISE);
            if (c.table().equals(table) && anonymise != null) {
                for (Map.Entry<String, ColumnAction> e : anonymise.columns().entrySet()) {
                    if (e.getValue() == ColumnAction.NOW) {
                        return e.getKey();
                    }
                }
            }
        }
        return null;
    }

    /**
     * A trigger on a table the map changes runs with every change it makes, and may copy erased data elsewhere or put
     * it back: each must have been read by a person and listed under {@code reviewed-triggers} as
     * {@code table.trigger}. A reviewed trigger that no longer exists is stale and refused too.
     */
    private void checkTriggers() {
        for (Category c : map.categories().values()) {
            events(c).forEach((table, events) -> {
                if (catalog.triggersHidden().contains(table)) {
                    errors.add("categories[" + c.name() + "]: this user cannot see the triggers of table " + table
                            + " (MariaDB shows them to a user that may update or delete its rows, MySQL only with the"
                            + " TRIGGER privilege): grant that, so each trigger that runs with this map's changes can"
                            + " be checked");
                    return;
                }
                for (Catalog.Trigger t : catalog.triggers()) {
                    if (!catalog.root(t.table()).equals(table)) {
                        continue;
                    }
                    String name = t.table() + "." + t.name();
                    boolean fires = t.events().stream().anyMatch(events::contains);
                    if (fires && !map.reviewedTriggers().contains(name)) {
                        errors.add("categories[" + c.name() + "]: table " + t.table() + " has trigger " + t.name()
                                + " (" + t.timing() + " " + String.join(" or ", t.events()) + "), which runs with the"
                                + " changes this map makes there; a trigger can copy erased data elsewhere or put it"
                                + " back: read it, then list " + name + " under reviewed-triggers");
                    }
                }
            });
        }
        for (String reviewed : map.reviewedTriggers()) {
            boolean exists = catalog.triggers().stream().anyMatch(t -> (t.table() + "." + t.name()).equals(reviewed));
            if (!exists) {
                errors.add("reviewed-triggers: no trigger " + reviewed + " in this schema");
            }
        }
    }

    /**
     * The statements the map issues per table for a category: DELETE for delete and deferred erasure (also on the
     * tables a deferred erasure deletes with the rows or after them), else UPDATE.
     */
    private static Map<String, Set<String>> events(Category c) {
        Map<String, Set<String>> events = new java.util.LinkedHashMap<>();
        Set<String> own = events.computeIfAbsent(c.table(), t -> new java.util.HashSet<>());
        c.actions().forEach((action, t) -> {
            DataMap.Retain retain = t.retain();
            if (retain != null) {
                own.add("DELETE");
                if (retain.restrictColumn() != null
                        || retain.untilColumn() != null
                        || retain.pseudonymColumn() != null) {
                    own.add("UPDATE");
                }
                retain.withDependents()
                        .forEach(d -> events.computeIfAbsent(d, x -> new java.util.HashSet<>())
                                .add("DELETE"));
                retain.deleteOrphaned()
                        .forEach(d -> events.computeIfAbsent(d, x -> new java.util.HashSet<>())
                                .add("DELETE"));
            } else {
                own.add(t.delete() ? "DELETE" : "UPDATE");
            }
        });
        return events;
    }

    /** A deleted child must go before its deleted parent: its order must be lower. */
    private void checkOrder() {
        for (ForeignKey fk : catalog.foreignKeys()) {
            for (Category child : map.categories().values()) {
                if (!child.table().equals(catalog.root(fk.childTable())) || !deletes(child)) {
                    continue;
                }
                for (Category parent : map.categories().values()) {
                    if (parent != child
                            && parent.table().equals(catalog.root(fk.parentTable()))
                            && deletes(parent)
                            && parent.order() <= child.order()) {
                        errors.add("categories[" + parent.name() + "].order: " + parent.order()
                                + " must be higher than categories[" + child.name() + "].order (" + child.order()
                                + "): " + fk.childTable() + "." + fk.childColumn() + " references " + fk.parentTable()
                                + "." + fk.parentColumn() + ", so its rows are deleted first");
                    }
                }
            }
        }
    }

    private static boolean deletes(Category c) {
        return c.actions().values().stream().anyMatch(Treatment::delete);
    }

    private void sameType(String path, String table, String col, Key key) {
        Column column = column(path, table, col);
        if (column == null || key == null) {
            return;
        }
        Column keyColumn = catalog.column(key.table(), key.column());
        if (keyColumn != null && !keyColumn.castType().equals(column.castType())) {
            errors.add(path + ": " + table + "." + col + " is " + column.type() + " but key '" + key.name() + "' is "
                    + keyColumn.type());
        }
    }

    private Column column(String path, String table, String col) {
        Map<String, Column> columns = catalog.tables().get(table);
        if (columns == null) {
            errors.add(path + ": no table '" + table + "'");
            return null;
        }
        Column column = columns.get(col);
        if (column == null) {
            errors.add(path + ": no column '" + col + "' in table '" + table + "'");
        }
        return column;
    }
}
