package org.dsr.adapter.kit.datamap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.arc.properties.IfBuildProperty;
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
@IfBuildProperty(name = "adapter-kit.command-path", stringValue = "adapter", enableIfMissing = true)
@ApplicationScoped
public class DataMapRegistry {

    private static final Logger LOG = Logger.getLogger(DataMapRegistry.class);

    private final String resource;
    private final String processor;
    private final DsrConfig config;
    private final Instance<AgroalDataSource> dataSource;
    private final Instance<DataCategoryHandler> javaHandlers;
    private volatile Loaded loaded;

    record Loaded(DataMapEngine engine) {
    }

    public DataMapRegistry(AdapterConfig adapter, DsrConfig config, Instance<AgroalDataSource> dataSource,
            Instance<DataCategoryHandler> javaHandlers) {
        this.resource = adapter.dataMap();
        this.processor = adapter.processor();
        this.config = config;
        this.dataSource = dataSource;
        this.javaHandlers = javaHandlers;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 100) StartupEvent event) {
        DataMapEngine engine = engine();
        LOG.infof("data map %s: %d keys, %d categories %s", resource, engine.map().keys().size(),
                engine.map().categories().size(), engine.map().categories().keySet());
        for (String column : engine.unindexedLookups()) {
            LOG.warnf("data map %s: subjects are looked up by %s, which leads no index: every command reads the"
                    + " whole table (add an index on it)", resource, column);
        }
    }

    public DataMap map() {
        return engine().map();
    }

    /** The data-map handler of a category, or null. */
    public DataCategoryHandler handler(String category) {
        return engine().handler(category);
    }

    public Map<String, ? extends DataCategoryHandler> handlers() {
        return engine().handlers();
    }

    public DataMapEngine engine() {
        return loaded().engine();
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
            return new Loaded(DataMapEngine.EMPTY);
        }
        String source = "classpath:" + resource;
        Catalog catalog;
        try (Connection c = dataSource.get().getConnection()) {
            catalog = Catalog.load(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database schema to check " + source, e);
        }
        Set<String> java = javaHandlers.stream().map(DataCategoryHandler::category).collect(Collectors.toSet());
        return new Loaded(DataMapEngine.load(yaml, source, catalog, java,
                () -> KeyFiles.readOrCreate(config.keysDir(), processor + "-data-map-hash.key", KeyedHasher::newKey)));
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
