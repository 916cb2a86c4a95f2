package org.dsr.adapter.kit.datamap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.datamap.Catalog.Column;
import org.dsr.adapter.kit.datamap.Catalog.ForeignKey;
import org.dsr.adapter.kit.datamap.DataMap.Category;
import org.dsr.adapter.kit.datamap.DataMap.ColumnAction;
import org.dsr.adapter.kit.datamap.DataMap.Key;
import org.dsr.adapter.kit.datamap.DataMap.Treatment;
import org.dsr.adapter.kit.sql.SqlRow;
import org.dsr.adapter.kit.sql.SqlSession;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.reactive.InOrder;

/**
 * One data-map category acting through generated SQL on the command's session. All names in the SQL come from a
 * validated data map (checked against information_schema); all values are bound parameters.
 * <ul>
 * <li>delete: refuses (FAILED, permanent) when rows of other tables still reference the rows, else deletes; the
 * verification counts rows matching the subject again (by keys, and by identifier columns where the table is a
 * key's own table);</li>
 * <li>restrict-flag: sets the flag (RESTRICT true, LIFT_RESTRICTION false); verification counts the subject's rows
 * in the other state;</li>
 * <li>column changes (ANONYMISE): rewrites the matched rows; verification re-reads them and counts rows whose
 * columns are not in the target state, plus rows still matching the subject that were not rewritten;</li>
 * <li>RETAIN: marks the subject's rows (also those carrying its pseudonym) with retain-until, restriction and
 * pseudonym; verification counts kept rows not marked;</li>
 * <li>DEFERRED_ERASE: deletes the rows the handles name (refused while within retention), with their listed
 * dependents first and their orphaned anonymised parents after; verification counts what is left of them.</li>
 * </ul>
 */
public final class DataMapHandler {

    private final Category category;
    private final DataMap map;
    private final Catalog catalog;
    private final KeyedHasher hasher;
    private final SqlDialect dialect;

    DataMapHandler(Category category, DataMap map, Catalog catalog, KeyedHasher hasher) {
        this.category = category;
        this.map = map;
        this.catalog = catalog;
        this.hasher = hasher;
        this.dialect = catalog.dialect();
    }

    Category spec() {
        return category;
    }

    /** The category name as the policy spells it, e.g. {@code access-logs}. */
    public String category() {
        return category.name();
    }

    /** The actions the map declares for this category, DEFERRED_ERASE with every RETAIN. */
    public Set<Action> supportedActions() {
        if (!category.actions().containsKey(Action.RETAIN)) {
            return category.actions().keySet();
        }
        Set<Action> actions = new java.util.HashSet<>(category.actions().keySet());
        actions.add(Action.DEFERRED_ERASE);
        return Set.copyOf(actions);
    }

    /** Lower runs first within a command: children before parents, so foreign keys hold. */
    public int executionOrder() {
        return category.order();
    }

    /** Acts on the subject's rows through {@code sql} (an open transaction of the store) and reads again. */
    public Uni<CategoryResult> apply(
            SqlSession sql, CategoryCommand requested, SubjectMatch subject, ProcessorCommandV1 command) {
        Action action = requested.action();
        if (action == Action.DEFERRED_ERASE) {
            Treatment retained = category.actions().get(Action.RETAIN);
            return deferredErase(
                    sql,
                    requested.retentionHandles() == null ? List.of() : requested.retentionHandles(),
                    retained == null ? null : retained.retain());
        }
        Treatment treatment = category.actions().get(action);
        Where match = match(subject);
        if (treatment.retain() != null) {
            return retain(sql, match, treatment.retain(), command);
        }
        if (treatment.delete()) {
            return delete(sql, match, verificationMatch(subject));
        }
        if (treatment.columns().containsValue(ColumnAction.RESTRICT_FLAG)) {
            return flag(sql, match, treatment, action == Action.RESTRICT);
        }
        return anonymise(sql, match, treatment);
    }

    /**
     * How many rows the requested action would act on now, before it does (the connector's attempt journal): the
     * subject's rows, or for a deferred erasure the rows its handles name.
     */
    public Uni<Long> countMatching(SqlSession sql, CategoryCommand requested, SubjectMatch subject) {
        if (requested.action() == Action.DEFERRED_ERASE) {
            String idType = catalog.column(category.table(), category.id()).castType();
            List<String> handles = requested.retentionHandles();
            if (KeepRules.refusedHandles(handles, category.table(), category.id(), idType)
                    .isPresent()) {
                return Uni.createFrom().item(0L); // refused by apply, before any statement that could not cast them
            }
        }
        Where where =
                requested.action() == Action.DEFERRED_ERASE ? byHandles(requested.retentionHandles()) : match(subject);
        return sql.count("select count(*) from " + category.table() + where.sql(), where.params());
    }

    // ----- delete

    private Uni<CategoryResult> delete(SqlSession sql, Where match, Where verify) {
        String table = category.table();
        List<ForeignKey> children = catalog.foreignKeys().stream()
                .filter(fk -> fk.parentTable().equals(table))
                .toList();
        Uni<Long> dependents = Uni.createFrom().item(0L);
        if (!children.isEmpty()) {
            String sum = children.stream()
                    .map(fk -> "(select count(*) from " + fk.childTable() + " where " + fk.childColumn()
                            + " in (select " + fk.parentColumn() + " from " + table + match.sql() + "))")
                    .collect(Collectors.joining(" + "));
            dependents = sql.count("select " + sum, match.params());
        }
        String tables = children.stream()
                .map(ForeignKey::childTable)
                .distinct()
                .sorted()
                .collect(Collectors.joining(", "));
        return dependents.flatMap(n -> {
            if (n > 0) {
                return Uni.createFrom()
                        .item(CategoryResult.failed(
                                false,
                                category.name() + " still has " + n + " dependent rows (" + tables
                                        + ") in categories this command does not erase",
                                "count of rows of " + tables + " referencing the subject's " + table + " rows"));
            }
            return sql.update("delete from " + table + match.sql(), match.params())
                    .flatMap(deleted -> sql.count("select count(*) from " + table + verify.sql(), verify.params())
                            .map(remaining -> CategoryResult.of(
                                    deleted,
                                    remaining,
                                    "count of " + table + " rows matching the subject by " + verify.description()
                                            + " after deletion")));
        });
    }

    // ----- retain, and the deferred erasure when retention ends

    /**
     * Keeps the subject's rows (found by the match, and by the pseudonym column where the map names one): each gets
     * its retain-until (never shortened), is marked restricted where the map names a flag and carries the pseudonym
     * where it names a column, and the outcome names the latest date and the rows' ids as handles for the deferred
     * erasure.
     */
    private Uni<CategoryResult> retain(
            SqlSession sql, Where subjectMatch, DataMap.Retain retain, ProcessorCommandV1 command) {
        org.dsr.contracts.event.Jurisdiction jurisdiction = command.jurisdiction();
        String pseudonym = retain.pseudonymColumn() == null || command.subject() == null
                ? null
                : command.subject().pseudonym();
        Where match = pseudonym == null
                ? subjectMatch
                : new Where(
                        subjectMatch.sql() + " or " + retain.pseudonymColumn() + " = :ps",
                        concat(subjectMatch.params(), "ps", pseudonym),
                        subjectMatch.description() + ", " + retain.pseudonymColumn());
        String table = category.table();
        String id = category.id();
        String idType = catalog.column(table, id).castType();
        String stored = retain.untilColumn() == null ? "null" : dialect.asText(retain.untilColumn());
        return sql.rows(
                        "select " + id + ", " + dialect.asText("cast(" + retain.dateColumn() + " as date)") + ", "
                                + stored + " from " + table + match.sql() + " order by " + id,
                        match.params())
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom()
                                .item(CategoryResult.of(
                                        0,
                                        0,
                                        "no " + table + " rows of the subject" + " (by " + match.description()
                                                + ") to keep"));
                    }
                    KeepRules.Kept kept = KeepRules.keep(
                            rows.stream()
                                    .map(row -> new KeepRules.KeptRow(
                                            row.value(0),
                                            java.time.LocalDate.parse(row.text(1)),
                                            row.isNull(2) ? null : java.time.LocalDate.parse(row.text(2))))
                                    .toList(),
                            retain,
                            jurisdiction,
                            category.legalBasis());
                    List<Object> ids = kept.ids();
                    List<String> untils = kept.untils();
                    org.dsr.contracts.event.Retention retention = kept.retention();
                    Object idList = dialect.list(ids);
                    List<String> sets = new ArrayList<>();
                    List<String> notYet = new ArrayList<>();
                    if (retain.restrictColumn() != null) {
                        sets.add(retain.restrictColumn() + " = true");
                        notYet.add(dialect.isDistinctFrom(retain.restrictColumn(), "true"));
                    }
                    if (retain.untilColumn() != null) {
                        sets.add(
                                retain.untilColumn() + " = greatest(coalesce(" + retain.untilColumn() + ", v.u), v.u)");
                        notYet.add(retain.untilColumn() + " is null");
                    }
                    if (pseudonym != null) {
                        sets.add(retain.pseudonymColumn() + " = coalesce(" + retain.pseudonymColumn() + ", :ps)");
                        notYet.add(retain.pseudonymColumn() + " is null");
                    }
                    String verification = "count of the subject's kept " + table + " rows (by " + match.description()
                            + ")"
                            + (notYet.isEmpty()
                                    ? "; the store has no restriction column, so the restriction is"
                                            + " this record's, not marked in the store"
                                    : " with " + String.join(" or ", notYet) + " after marking them");
                    if (sets.isEmpty()) {
                        return Uni.createFrom().item(CategoryResult.retained(ids.size(), 0, verification, retention));
                    }
                    SqlDialect.Statement update =
                            dialect.updateRows(table, id, idType, sets, Map.of("u", "date"), ids, Map.of("u", untils));
                    Object[] updateParams =
                            pseudonym == null ? update.params() : concat(update.params(), "ps", pseudonym);
                    return sql.update(update.sql(), updateParams)
                            .flatMap(changed -> sql.count(
                                    "select count(*) from " + table + " where " + dialect.inList(id, "ids", idType)
                                            + " and (" + String.join(" or ", notYet) + ")",
                                    "ids",
                                    idList))
                            .map(remaining -> CategoryResult.retained(ids.size(), remaining, verification, retention));
                });
    }

    /**
     * When retention ends the kept rows, named by their ids (the handles), are deleted: refused (FAILED, permanent,
     * nothing deleted) without handles, with a malformed one, while a named row's retain-until (until-column) is
     * missing or not before today, or while rows of tables not listed in with-dependents reference what would be
     * deleted. Otherwise the with-dependents rows referencing the named rows go first (in the order listed), then the
     * named rows, then the delete-orphaned parents the map anonymised that nothing references any more.
     */
    private Uni<CategoryResult> deferredErase(SqlSession sql, List<String> handles, DataMap.Retain retain) {
        String idType = catalog.column(category.table(), category.id()).castType();
        var refused = KeepRules.refusedHandles(handles, category.table(), category.id(), idType);
        if (refused.isPresent()) {
            return Uni.createFrom().item(refused.get());
        }
        Where where = byHandles(handles);
        if (retain == null) {
            return delete(sql, where, where);
        }
        Uni<Long> within = Uni.createFrom().item(0L);
        if (retain.untilColumn() != null) {
            within = sql.count(
                    "select count(*) from " + category.table() + where.sql() + " and (" + retain.untilColumn()
                            + " is null or " + retain.untilColumn() + " >= current_date)",
                    where.params());
        }
        return within.flatMap(n -> {
            if (n > 0) {
                return Uni.createFrom()
                        .item(CategoryResult.failed(
                                false,
                                n + " named " + category.table() + " rows"
                                        + " are not retained or still within their retention period",
                                "count of the named " + category.table() + " rows without a " + retain.untilColumn()
                                        + " before today"));
            }
            if (retain.withDependents().isEmpty() && retain.deleteOrphaned().isEmpty()) {
                return delete(sql, where, where);
            }
            return deleteWithDependents(sql, where, retain);
        });
    }

    private Uni<CategoryResult> deleteWithDependents(SqlSession sql, Where named, DataMap.Retain retain) {
        String table = category.table();
        // the rows each table of the erasure loses: the named rows, and the dependents' rows referencing them
        Map<String, String> doomed = new java.util.LinkedHashMap<>();
        for (String dependent : retain.withDependents()) {
            doomed.put(dependent, " where (" + byNamedIds(dependent) + ")");
        }
        doomed.put(table, named.sql());
        List<String> blocking = new ArrayList<>();
        Set<String> blockingTables = new java.util.TreeSet<>();
        for (ForeignKey fk : catalog.foreignKeys()) {
            String parent = catalog.root(fk.parentTable());
            String child = catalog.root(fk.childTable());
            if (doomed.containsKey(parent) && !doomed.containsKey(child)) {
                blocking.add("(select count(*) from " + child + " where " + fk.childColumn() + " in (select "
                        + fk.parentColumn() + " from " + parent + doomed.get(parent) + "))");
                blockingTables.add(child);
            }
        }
        Uni<Long> blocked = blocking.isEmpty()
                ? Uni.createFrom().item(0L)
                : sql.count("select " + String.join(" + ", blocking), named.params());
        String tables = String.join(", ", blockingTables);
        return blocked.flatMap(n -> {
            if (n > 0) {
                return Uni.createFrom()
                        .item(CategoryResult.failed(
                                false,
                                category.name() + " still has " + n + " dependent rows (" + tables
                                        + ") not listed in with-dependents",
                                "count of rows of " + tables + " referencing the named " + table
                                        + " rows or their dependents"));
            }
            return orphanCandidates(sql, named, retain)
                    .flatMap(candidates -> InOrder.each(
                                    retain.withDependents(),
                                    dependent -> sql.update(
                                            "delete from " + dependent + doomed.get(dependent), named.params()))
                            .chain(() -> sql.update("delete from " + table + named.sql(), named.params()))
                            .call(deleted -> deleteOrphans(sql, candidates))
                            .flatMap(deleted -> {
                                String sum = doomed.entrySet().stream()
                                        .map(e -> "(select count(*) from " + e.getKey() + e.getValue() + ")")
                                        .collect(Collectors.joining(" + "));
                                String counted = retain.withDependents().isEmpty()
                                        ? ""
                                        : " and of their " + String.join(", ", retain.withDependents()) + " rows";
                                return sql.count("select " + sum, named.params())
                                        .map(remaining -> CategoryResult.of(
                                                deleted,
                                                remaining,
                                                "count of the named " + table + " rows" + counted + " after deletion"));
                            }));
        });
    }

    /** Rows of {@code dependent} referencing the named rows' ids (the handles, parameter {@code h}). */
    private String byNamedIds(String dependent) {
        String idType = catalog.column(category.table(), category.id()).castType();
        return catalog.foreignKeys().stream()
                .filter(fk -> catalog.root(fk.childTable()).equals(dependent)
                        && catalog.root(fk.parentTable()).equals(category.table())
                        && fk.parentColumn().equals(category.id()))
                .map(fk -> dialect.inList(fk.childColumn(), "h", idType))
                .distinct()
                .collect(Collectors.joining(" or "));
    }

    /** A parent row the named rows reference: its table's foreign key, and the referenced values as text. */
    private record Orphans(String parent, ForeignKey fk, List<String> values) {}

    private Uni<List<Orphans>> orphanCandidates(SqlSession sql, Where named, DataMap.Retain retain) {
        List<Orphans> references = new ArrayList<>();
        for (String parent : retain.deleteOrphaned()) {
            for (ForeignKey fk : catalog.foreignKeys()) {
                if (catalog.root(fk.childTable()).equals(category.table())
                        && catalog.root(fk.parentTable()).equals(parent)) {
                    references.add(new Orphans(parent, fk, List.of()));
                }
            }
        }
        // the referenced values of each, those without any left out
        return InOrder.map(
                references,
                r -> sql.<Object>column(
                                "select distinct " + dialect.asText(r.fk().childColumn()) + " from " + category.table()
                                        + named.sql() + " and " + r.fk().childColumn()
                                        + " is not null",
                                named.params())
                        .map(values -> values.isEmpty()
                                ? null
                                : new Orphans(
                                        r.parent(),
                                        r.fk(),
                                        values.stream().map(String::valueOf).toList())));
    }

    /**
     * Deletes the parent rows the deleted rows referenced, where the map has anonymised them (its now column is set)
     * and no foreign key of any table references them any more.
     */
    private Uni<Integer> deleteOrphans(SqlSession sql, List<Orphans> candidates) {
        return InOrder.fold(candidates, 0, (total, o) -> {
            String parentColumn = o.fk().parentColumn();
            String type = catalog.column(o.parent(), parentColumn).castType();
            List<String> unreferenced = new ArrayList<>();
            for (ForeignKey fk : catalog.foreignKeys()) {
                if (catalog.root(fk.parentTable()).equals(o.parent())) {
                    unreferenced.add("not exists (select 1 from " + catalog.root(fk.childTable()) + " x where x."
                            + fk.childColumn() + " = " + o.parent() + "." + fk.parentColumn() + ")");
                }
            }
            // qualified by the table's name, not an alias: MariaDB 10.11's single-table DELETE takes none
            String sqlText =
                    "delete from " + o.parent() + " where " + dialect.inList(o.parent() + "." + parentColumn, "v", type)
                            + " and " + o.parent() + "." + DataMapValidator.anonymisedMarker(map, o.parent())
                            + " is not null"
                            + unreferenced.stream().map(u -> " and " + u).collect(Collectors.joining());
            return sql.update(sqlText, "v", dialect.list(o.values())).map(n -> total + n);
        });
    }

    private Where byHandles(List<String> handles) {
        String id = category.id();
        String idType = catalog.column(category.table(), id).castType();
        return new Where(
                " where (" + dialect.inList(id, "h", idType) + ")",
                new Object[] {"h", dialect.list(handles == null ? List.of() : handles)},
                id + " (the retention handles)");
    }

    // ----- restrict-flag

    private Uni<CategoryResult> flag(SqlSession sql, Where match, Treatment treatment, boolean value) {
        List<String> flags = treatment.columns().entrySet().stream()
                .filter(e -> e.getValue() == ColumnAction.RESTRICT_FLAG)
                .map(Map.Entry::getKey)
                .toList();
        String set = flags.stream().map(f -> f + " = " + value).collect(Collectors.joining(", "));
        String notYet = flags.stream()
                .map(f -> dialect.isDistinctFrom(f, String.valueOf(value)))
                .collect(Collectors.joining(" or "));
        return sql.update("update " + category.table() + " set " + set + match.sql(), match.params())
                .flatMap(changed -> sql.count(
                                "select count(*) from " + category.table() + match.sql() + " and (" + notYet + ")",
                                match.params())
                        .map(remaining -> CategoryResult.of(
                                changed,
                                remaining,
                                "count of the subject's " + category.table() + " rows (by " + match.description()
                                        + ") with " + String.join(", ", flags) + " not " + value
                                        + " after the update")));
    }

    // ----- column changes

    private Uni<CategoryResult> anonymise(SqlSession sql, Where match, Treatment treatment) {
        String table = category.table();
        String id = category.id();
        Map<String, ColumnAction> columns = treatment.columns();
        List<String> computed = columns.entrySet().stream()
                .filter(e -> e.getValue() == ColumnAction.KEYED_HASH || e.getValue() == ColumnAction.GENERALISE_IP)
                .map(Map.Entry::getKey)
                .toList();
        List<String> constant = new ArrayList<>();
        columns.forEach((col, ca) -> {
            switch (ca) {
                case NULL -> constant.add(col + " = null");
                case MASK -> constant.add(col + " = '" + DataMap.MASK + "'");
                case NOW -> constant.add(col + " = now()");
                default -> {}
            }
        });
        String idType = catalog.column(table, id).castType();
        String select = "select " + id + (computed.isEmpty() ? "" : ", " + String.join(", ", computed)) + ", null"
                + " from " + table + match.sql();
        return sql.rows(select, match.params()).flatMap(rows -> {
            if (rows.isEmpty()) {
                return sql.count("select count(*) from " + table + match.sql(), match.params())
                        .map(remaining -> CategoryResult.of(0, remaining, verification(match)));
            }
            List<Object> ids = new ArrayList<>();
            List<List<String>> values = new ArrayList<>();
            computed.forEach(c -> values.add(new ArrayList<>()));
            for (SqlRow row : rows) {
                ids.add(row.value(0));
                for (int i = 0; i < computed.size(); i++) {
                    String value = row.text(i + 1);
                    values.get(i)
                            .add(
                                    columns.get(computed.get(i)) == ColumnAction.KEYED_HASH
                                            ? (KeyedHasher.isHash(value) ? value : hasher.hash(value))
                                            : IpGeneraliser.generalise(value));
                }
            }
            Object idList = dialect.list(ids);
            Uni<Integer> act;
            if (computed.isEmpty()) {
                act = sql.update(
                        "update " + table + " set " + String.join(", ", constant) + " where "
                                + dialect.inList(id, "ids", idType),
                        "ids",
                        idList);
            } else {
                List<String> sets = new ArrayList<>(constant);
                Map<String, String> types = new LinkedHashMap<>();
                Map<String, List<String>> perRow = new LinkedHashMap<>();
                for (int i = 0; i < computed.size(); i++) {
                    sets.add(computed.get(i) + " = v.c" + i);
                    types.put("c" + i, "text");
                    perRow.put("c" + i, values.get(i));
                }
                SqlDialect.Statement update = dialect.updateRows(table, id, idType, sets, types, ids, perRow);
                act = sql.update(update.sql(), update.params());
            }
            return act.flatMap(changed -> verifyAnonymised(sql, match, columns, idList, idType)
                    .map(remaining -> CategoryResult.of(changed, remaining, verification(match))));
        });
    }

    private Uni<Long> verifyAnonymised(
            SqlSession sql, Where match, Map<String, ColumnAction> columns, Object idList, String idType) {
        String table = category.table();
        List<String> checked = columns.entrySet().stream()
                .filter(e -> e.getValue() != ColumnAction.KEEP)
                .map(Map.Entry::getKey)
                .toList();
        String byIds = " where " + dialect.inList(category.id(), "ids", idType);
        Uni<Long> notInState = sql.rows(
                        "select " + category.id()
                                + (checked.isEmpty()
                                        ? ""
                                        : ", "
                                                + checked.stream()
                                                        .map(dialect::asText)
                                                        .collect(Collectors.joining(", ")))
                                + ", null"
                                + " from " + table + byIds,
                        "ids",
                        idList)
                .map(rows -> rows.stream()
                        .filter(row -> {
                            for (int i = 0; i < checked.size(); i++) {
                                String value = (String) row.value(i + 1);
                                boolean ok = switch (columns.get(checked.get(i))) {
                                    case NULL -> value == null;
                                    case MASK -> DataMap.MASK.equals(value);
                                    case KEYED_HASH -> KeyedHasher.isHash(value);
                                    case GENERALISE_IP -> IpGeneraliser.isGeneralised(value);
                                    case NOW -> value != null;
                                    default -> true;
                                };
                                if (!ok) {
                                    return true;
                                }
                            }
                            return false;
                        })
                        .count());
        Object[] params = concat(match.params(), "ids", idList);
        return notInState.flatMap(n -> sql.count(
                        "select count(*) from " + table + match.sql() + " and not ("
                                + dialect.inList(category.id(), "ids", idType) + ")",
                        params)
                .map(m -> n + m));
    }

    private String verification(Where match) {
        return "count of the subject's " + category.table() + " rows (by " + match.description()
                + ") not anonymised after the update: "
                + category.actions().get(Action.ANONYMISE).columns().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue().spelling())
                        .collect(Collectors.joining(", "));
    }

    // ----- matching

    record Where(String sql, Object[] params, String description) {}

    /** {@code where c1 = any(:m0) or c2 = any(:m1)} over the category's match columns. */
    Where match(SubjectMatch subject) {
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        List<String> described = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, String> e : category.match().entrySet()) {
            String col = e.getKey();
            Column column = catalog.column(category.table(), col);
            String p = "m" + i++;
            clauses.add(dialect.inList(col, p, column.castType()));
            params.add(p);
            params.add(values(subject, e.getValue()));
            described.add(col);
        }
        return new Where(
                " where (" + String.join(" or ", clauses) + ")", params.toArray(), String.join(", ", described));
    }

    /** The match, plus the identifier columns of keys declared on this table (rows found by identifier). */
    private Where verificationMatch(SubjectMatch subject) {
        Where base = match(subject);
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>(List.of(base.params()));
        List<String> described = new ArrayList<>(List.of(base.description()));
        int i = 0;
        for (Key key : map.keys().values()) {
            if (!key.table().equals(category.table())) {
                continue;
            }
            for (Map.Entry<IdentifierType, String> e : key.identifiers().entrySet()) {
                String p = "v" + i++;
                Column column = catalog.column(category.table(), e.getValue());
                clauses.add(dialect.inList(e.getValue(), p, column.castType()));
                params.add(p);
                params.add(dialect.list(subject.values(e.getKey())));
                described.add(e.getValue());
            }
        }
        if (clauses.isEmpty()) {
            return base;
        }
        return new Where(
                base.sql() + " or " + String.join(" or ", clauses), params.toArray(), String.join(", ", described));
    }

    private Object values(SubjectMatch subject, String by) {
        IdentifierType type = DataMapParser.identifierType(by);
        return dialect.list(type != null ? subject.values(type) : subject.keys(by));
    }

    private static Object[] concat(Object[] a, Object... b) {
        Object[] all = new Object[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
