package org.dsr.adapter.kit.datamap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;

import org.dsr.adapter.kit.AdapterConfig;
import org.dsr.adapter.kit.DataCategoryHandler;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.keys.KeyFiles;

/**
 * Loads the adapter's data map ({@code dsr.adapter.data-map}, default classpath {@code data-map.yaml}; none is an
 * empty map) at start, checks it against the database schema and the Java handlers, and fails startup with a
 * message naming every bad entry. Its categories become handlers next to the Java ones.
 */
@ApplicationScoped
public class DataMapRegistry {

    private static final Logger LOG = Logger.getLogger(DataMapRegistry.class);

    private final String resource;
    private final String processor;
    private final DsrConfig config;
    private final Instance<AgroalDataSource> dataSource;
    private final Instance<DataCategoryHandler> javaHandlers;
    private volatile Loaded loaded;

    record Loaded(DataMap map, Catalog catalog, Map<String, DataMapHandler> handlers) {
    }

    public DataMapRegistry(@ConfigProperty(name = "dsr.adapter.data-map", defaultValue = "data-map.yaml") String resource,
            AdapterConfig adapter, DsrConfig config, Instance<AgroalDataSource> dataSource,
            Instance<DataCategoryHandler> javaHandlers) {
        this.resource = resource;
        this.processor = adapter.processor();
        this.config = config;
        this.dataSource = dataSource;
        this.javaHandlers = javaHandlers;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 100) StartupEvent event) {
        Loaded l = loaded();
        LOG.infof("data map %s: %d keys, %d categories %s", resource, l.map().keys().size(),
                l.map().categories().size(), l.map().categories().keySet());
        for (String column : DataMapValidator.unindexedLookups(l.map(), l.catalog())) {
            LOG.warnf("data map %s: subjects are looked up by %s, which leads no index: every command reads the"
                    + " whole table (add an index on it)", resource, column);
        }
    }

    public DataMap map() {
        return loaded().map();
    }

    /** The data-map handler of a category, or null. */
    public DataCategoryHandler handler(String category) {
        return loaded().handlers().get(category);
    }

    /** The array cast type of a column the map names (checked at start). */
    String castType(String table, String column) {
        return loaded().catalog().column(table, column).castType();
    }

    public Map<String, ? extends DataCategoryHandler> handlers() {
        return loaded().handlers();
    }

    private Loaded loaded() {
        Loaded l = loaded;
        if (l == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = load();
                }
                l = loaded;
            }
        }
        return l;
    }

    private Loaded load() {
        String yaml = read(resource);
        if (yaml == null) {
            return new Loaded(DataMap.EMPTY, new Catalog(Map.of(), java.util.List.of()), Map.of());
        }
        String source = "classpath:" + resource;
        DataMap map = DataMapParser.parse(yaml, source);
        Catalog catalog;
        try (Connection c = dataSource.get().getConnection()) {
            catalog = Catalog.load(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database schema to check " + source, e);
        }
        Set<String> java = javaHandlers.stream().map(DataCategoryHandler::category).collect(Collectors.toSet());
        DataMapValidator.validate(map, catalog, java, source);
        boolean hashes = map.categories().values().stream().flatMap(c -> c.actions().values().stream())
                .anyMatch(t -> t.columns().containsValue(DataMap.ColumnAction.KEYED_HASH));
        KeyedHasher hasher = hashes ? new KeyedHasher(KeyFiles.readOrCreate(config.keysDir(),
                processor + "-data-map-hash.key", KeyedHasher::newKey)) : null;
        Map<String, DataMapHandler> handlers = new LinkedHashMap<>();
        map.categories().values().forEach(c -> handlers.put(c.name(), new DataMapHandler(c, map, catalog, hasher)));
        return new Loaded(map, catalog, Map.copyOf(handlers));
    }

    private static String read(String resource) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (cl != null ? cl : DataMapRegistry.class.getClassLoader()).getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data map " + resource, e);
        }
    }
}
