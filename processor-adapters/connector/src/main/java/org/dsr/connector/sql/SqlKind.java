package org.dsr.connector.sql;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

import org.dsr.adapter.kit.datamap.Catalog;
import org.dsr.adapter.kit.datamap.DataMapEngine;
import org.dsr.adapter.kit.datamap.DataMapException;
import org.dsr.adapter.kit.datamap.KeyedHasher;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.ConnectorKind;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.keys.KeyFiles;

/**
 * Kind {@code sql}: the data-map engine against a processor's own PostgreSQL database.
 *
 * <pre>
 * settings:
 *   url: postgresql://db.internal:5432/shop      # or jdbc:postgresql://...
 *   username: dsr_connector
 *   password: { env: SHOP_DB_PASSWORD }          # a secret: {env: NAME} or {file: PATH}
 *   schema: public                               # default public
 *   data-map: shop-data-map.yaml                 # relative to the connectors file
 *   max-connections: 4                           # default 4
 * </pre>
 *
 * At start the database is reached once over JDBC to read its schema (tables, columns, foreign keys, partitions,
 * triggers) and the data map is checked against it; a database that cannot be reached, or a map that does not fit,
 * is an error line of the entry and the connector does not start.
 */
@ApplicationScoped
public class SqlKind implements ConnectorKind {

    static final Set<String> FIELDS = Set.of("url", "username", "password", "schema", "data-map", "max-connections");

    private final Vertx vertx;
    private final DsrConfig config;

    public SqlKind(Vertx vertx, DsrConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public ProcessorConnector create(ProcessorEntry entry, Settings settings) {
        settings.onlyFields(FIELDS);
        String url = settings.string("url");
        String username = settings.string("username");
        String password = settings.secret("password");
        String schema = settings.string("schema", "public");
        Path mapFile = settings.file("data-map");
        int maxConnections = settings.integer("max-connections", 4, 1, 64);
        if (schema != null && !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            settings.error("schema", "not a lower-case schema name");
            return null;
        }
        URI uri = url == null ? null : uri(url, settings);
        if (uri == null || username == null || password == null || mapFile == null) {
            return null;
        }
        String where = uri.getHost() + ":" + port(uri) + uri.getPath();
        Catalog catalog;
        Properties props = new Properties();
        props.setProperty("user", username);
        props.setProperty("password", password);
        props.setProperty("currentSchema", schema);
        props.setProperty("connectTimeout", "10");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + where, props)) {
            catalog = Catalog.load(c);
        } catch (SQLException e) {
            // SQLState only: the driver's message may quote the user name
            settings.entryError("database " + where + " cannot be reached or read (SQLState " + e.getSQLState()
                    + ")");
            return null;
        }
        if (catalog.tables().isEmpty()) {
            settings.error("schema", "schema " + schema + " of " + where + " has no tables this user can see");
            return null;
        }
        DataMapEngine engine;
        try {
            engine = DataMapEngine.load(Files.readString(mapFile), mapFile.toString(), catalog, Set.of(),
                    () -> KeyFiles.readOrCreate(config.keysDir(), entry.name() + "-data-map-hash.key",
                            KeyedHasher::newKey));
        } catch (DataMapException e) {
            e.errors().forEach(line -> settings.error("data-map", line));
            return null;
        } catch (IOException e) {
            settings.error("data-map", "cannot be read");
            return null;
        }
        PgConnectOptions options = new PgConnectOptions().setHost(uri.getHost()).setPort(port(uri))
                .setDatabase(uri.getPath().substring(1)).setUser(username).setPassword(password)
                .setProperties(Map.of("search_path", schema, "application_name", "dsr-connector-" + entry.name()));
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(maxConnections)).connectingTo(options)
                .using(vertx).build();
        return new SqlConnector(entry.name(), engine, pool);
    }

    private static URI uri(String url, Settings settings) {
        String plain = url.startsWith("jdbc:") ? url.substring(5) : url;
        try {
            URI uri = URI.create(plain);
            if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath() == null
                    || uri.getPath().length() < 2 || uri.getUserInfo() != null || uri.getQuery() != null) {
                settings.error("url", "must be postgresql://host[:port]/database (credentials go in username and"
                        + " password)");
                return null;
            }
            return uri;
        } catch (IllegalArgumentException e) {
            settings.error("url", "not a URL");
            return null;
        }
    }

    private static int port(URI uri) {
        return uri.getPort() < 0 ? 5432 : uri.getPort();
    }
}
