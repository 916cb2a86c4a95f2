package org.dsr.adapter.kit.datamap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.datamap.DataMap.From;
import org.dsr.adapter.kit.datamap.DataMap.Key;
import org.dsr.adapter.kit.sql.SqlSession;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.reactive.InOrder;

/**
 * A checked data map ready to act: the subject resolver and one {@link DataMapHandler} per category, free of CDI and
 * of any particular database session, so an adapter runs it on its Hibernate Reactive session and the connector's
 * {@code sql} kind on a connection of the processor's own database.
 */
public final class DataMapEngine {

    private final DataMap map;
    private final Catalog catalog;
    private final Map<String, DataMapHandler> handlers;

    private DataMapEngine(DataMap map, Catalog catalog, Map<String, DataMapHandler> handlers) {
        this.map = map;
        this.catalog = catalog;
        this.handlers = handlers;
    }

    public static final DataMapEngine EMPTY =
            new DataMapEngine(DataMap.EMPTY, new Catalog(Map.of(), List.of()), Map.of());

    /**
     * Parses, validates against the schema and builds the handlers; throws {@link DataMapException} naming every bad
     * entry.
     *
     * @param hasherKey the keyed-hash key, asked for only when a column is {@code keyed-hash}
     */
    public static DataMapEngine load(String yaml, String source, Catalog catalog, Supplier<String> hasherKey) {
        DataMap map = DataMapParser.parse(yaml, source);
        DataMapValidator.validate(map, catalog, source);
        boolean hashes = map.categories().values().stream()
                .flatMap(c -> c.actions().values().stream())
                .anyMatch(t -> t.columns().containsValue(DataMap.ColumnAction.KEYED_HASH));
        KeyedHasher hasher = hashes ? new KeyedHasher(hasherKey.get()) : null;
        Map<String, DataMapHandler> handlers = new LinkedHashMap<>();
        map.categories().values().forEach(c -> handlers.put(c.name(), new DataMapHandler(c, map, catalog, hasher)));
        return new DataMapEngine(map, catalog, Map.copyOf(handlers));
    }

    public DataMap map() {
        return map;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The handler of a category, or null. */
    public DataMapHandler handler(String category) {
        return handlers.get(category);
    }

    public Map<String, DataMapHandler> handlers() {
        return handlers;
    }

    /**
     * The requested categories in the map's execution order (what references a row before the row); each must be a
     * category of the map.
     */
    public List<CategoryCommand> inExecutionOrder(Collection<CategoryCommand> categories) {
        List<CategoryCommand> ordered = new ArrayList<>(categories);
        ordered.sort(Comparator.comparingInt(c -> handlers.get(c.category()).executionOrder()));
        return ordered;
    }

    /** Columns the map looks subjects up by that lead no index (a warning at start). */
    public List<String> unindexedLookups() {
        return DataMapValidator.unindexedLookups(map, catalog);
    }

    /**
     * The map's keys, in declaration order. A key with identifiers is looked up by every identifier type it lists; a
     * key with {@code from} joins to keys already resolved; both are combined with or.
     */
    public Uni<SubjectMatch> resolve(SqlSession sql, SubjectMatch identifiers) {
        return InOrder.fold(map.keys().values(), identifiers, (subject, key) -> resolve(sql, key, subject));
    }

    private Uni<SubjectMatch> resolve(SqlSession sql, Key key, SubjectMatch subject) {
        SqlDialect dialect = catalog.dialect();
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        int i = 0;
        for (Map.Entry<IdentifierType, String> e : key.identifiers().entrySet()) {
            String p = "p" + i++;
            clauses.add(dialect.inList(e.getValue(), p, "text"));
            params.add(p);
            params.add(dialect.list(subject.values(e.getKey())));
        }
        for (From f : key.from()) {
            String p = "p" + i++;
            clauses.add(dialect.inList(
                    f.column(), p, catalog.column(key.table(), f.column()).castType()));
            params.add(p);
            params.add(dialect.list(subject.keys(f.key())));
        }
        return sql.<Object>column(
                        "select distinct " + key.column() + " from " + key.table() + " where " + key.column()
                                + " is not null and (" + String.join(" or ", clauses) + ")",
                        params.toArray())
                .map(values -> subject.withKeys(
                        key.name(),
                        values.stream()
                                .map(v -> v instanceof Number n ? (Object) n.longValue() : v.toString())
                                .toList()));
    }
}
