package org.dsr.connector.sql;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.PoolOptions;
import org.dsr.adapter.kit.datamap.Catalog;
import org.dsr.adapter.kit.datamap.DataMapEngine;
import org.dsr.adapter.kit.datamap.DataMapException;
import org.dsr.adapter.kit.datamap.KeyedHasher;
import org.dsr.adapter.kit.datamap.SqlDialect;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.ConnectorKind;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.keys.KeyFiles;
import org.jboss.logging.Logger;

/**
 * Kind {@code sql}: the data-map engine against a processor's own PostgreSQL, MariaDB or MySQL database.
 *
 * <pre>
 * settings:
 *   url: postgresql://db.internal:5432/shop      # or jdbc:postgresql://...; mariadb://host:3306/shop, mysql://...
 *   username: dsr_connector
 *   password: { env: SHOP_DB_PASSWORD }          # a secret: {env: NAME} or {file: PATH}
 *   schema: public                               # PostgreSQL only, default public (MariaDB: the url's database)
 *   data-map: shop-data-map.yaml                 # relative to the connectors file
 *   max-connections: 4                           # default 4
 * </pre>
 *
 * At start the database is reached once to read its schema (tables, columns, foreign keys, partitions, triggers;
 * PostgreSQL over JDBC, MariaDB through the connector's own pool) and the data map is checked against it in the
 * database's {@link SqlDialect}; a database that cannot be reached, or a map that does not fit, is an error line of the
 * entry and the connector does not start.
 */
@ApplicationScoped
public class SqlKind implements ConnectorKind {

    private static final Logger LOG = Logger.getLogger(SqlKind.class);

    static final Set<String> SCHEMES = Set.of("postgresql", "mariadb", "mysql");
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
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
        boolean mariadb = uri != null && !"postgresql".equals(uri.getScheme());
        if (mariadb && settings.has("schema")) {
            settings.error("schema", "not for " + uri.getScheme() + ": the database named in the url is the schema");
            return null;
        }
        if (uri == null || username == null || password == null || mapFile == null) {
            return null;
        }
        if (mariadb) {
            return createMariaDb(entry, settings, uri, username, password, mapFile, maxConnections);
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
            settings.entryError("database " + where + " cannot be reached or read (SQLState " + e.getSQLState() + ")");
            return null;
        }
        if (catalog.tables().isEmpty()) {
            settings.error("schema", "schema " + schema + " of " + where + " has no tables this user can see");
            return null;
        }
        DataMapEngine engine = engine(entry, settings, mapFile, catalog);
        if (engine == null) {
            return null;
        }
        PgConnectOptions options = new PgConnectOptions()
                .setHost(uri.getHost())
                .setPort(port(uri))
                .setDatabase(uri.getPath().substring(1))
                .setUser(username)
                .setPassword(password)
                .setProperties(Map.of("search_path", schema, "application_name", "dsr-connector-" + entry.name()));
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(maxConnections))
                .connectingTo(options)
                .using(vertx)
                .build();
        return new SqlConnector(entry.name(), engine, pool);
    }

    /**
     * MariaDB or MySQL: one pool of the Vert.x MySQL client, which also reads the schema at start (information_schema
     * of the url's database) so no second driver is needed. The pool is closed again when the entry is refused.
     */
    private ProcessorConnector createMariaDb(
            ProcessorEntry entry,
            Settings settings,
            URI uri,
            String username,
            String password,
            Path mapFile,
            int maxConnections) {
        String database = uri.getPath().substring(1);
        String where = uri.getHost() + ":" + port(uri) + uri.getPath();
        Pool pool = mariaDbPool(
                vertx,
                uri.getHost(),
                port(uri),
                database,
                username,
                password,
                maxConnections,
                "dsr-connector-" + entry.name());
        Catalog catalog;
        try {
            catalog = mariaDbCatalog(pool);
        } catch (Exception e) {
            pool.closeAndAwait();
            // SQLState only: the server's message may quote the user name
            settings.entryError("database " + where + " cannot be reached or read (SQLState " + sqlState(e) + ")");
            return null;
        }
        if (catalog.tables().isEmpty()) {
            pool.closeAndAwait();
            settings.error(
                    "url",
                    "database " + database + " of " + uri.getHost() + ":" + port(uri)
                            + " has no tables this user can see");
            return null;
        }
        DataMapEngine engine = engine(entry, settings, mapFile, catalog);
        if (engine == null) {
            pool.closeAndAwait();
            return null;
        }
        // not a refusal: the map is right, only slow; every command would read such a table whole
        engine.unindexedLookups()
                .forEach(column -> LOG.warnf(
                        "processor %s: subjects are looked up by %s, which leads no index", entry.name(), column));
        return new SqlConnector(entry.name(), engine, pool);
    }

    static Pool mariaDbPool(
            Vertx vertx,
            String host,
            int port,
            String database,
            String username,
            String password,
            int maxConnections,
            String programName) {
        MySQLConnectOptions options = new MySQLConnectOptions()
                .setHost(host)
                .setPort(port)
                .setDatabase(database)
                .setUser(username)
                .setPassword(password)
                .setCharset("utf8mb4")
                .setProperties(Map.of("program_name", programName));
        options.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        return Pool.newInstance(MySQLBuilder.pool()
                .with(new PoolOptions().setMaxSize(maxConnections))
                .connectingTo(options)
                .using(vertx.getDelegate())
                .build());
    }

    /** The schema of a MariaDB or MySQL database, read through the processor's own pool. */
    static Catalog mariaDbCatalog(Pool pool) throws Exception {
        return Catalog.load(
                SqlDialect.MARIADB,
                sql -> pool.query(sql)
                        .execute()
                        .map(rows -> {
                            List<Object[]> out = new ArrayList<>();
                            for (Row row : rows) {
                                Object[] cells = new Object[row.size()];
                                for (int i = 0; i < cells.length; i++) {
                                    cells[i] = row.getValue(i);
                                }
                                out.add(cells);
                            }
                            return out;
                        })
                        .await()
                        .atMost(CONNECT_TIMEOUT.multipliedBy(3)));
    }

    /** The server's SQLState where it answered; 08001 (cannot connect) where it never did. */
    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabaseException d && d.getSqlState() != null) {
                return d.getSqlState();
            }
        }
        return "08001";
    }

    private DataMapEngine engine(ProcessorEntry entry, Settings settings, Path mapFile, Catalog catalog) {
        try {
            return DataMapEngine.load(
                    Files.readString(mapFile),
                    mapFile.toString(),
                    catalog,
                    () -> KeyFiles.readOrCreate(
                            config.keysDir(), entry.name() + "-data-map-hash.key", KeyedHasher::newKey));
        } catch (DataMapException e) {
            e.errors().forEach(line -> settings.error("data-map", line));
            return null;
        } catch (IOException e) {
            settings.error("data-map", "cannot be read");
            return null;
        }
    }

    private static URI uri(String url, Settings settings) {
        String plain = url.startsWith("jdbc:") ? url.substring(5) : url;
        try {
            URI uri = URI.create(plain);
            if (!SCHEMES.contains(String.valueOf(uri.getScheme()))
                    || uri.getHost() == null
                    || uri.getPath() == null
                    || uri.getPath().length() < 2
                    || uri.getUserInfo() != null
                    || uri.getQuery() != null
                    || (!"postgresql".equals(uri.getScheme()) && uri.getPath().indexOf('/', 1) >= 0)) {
                settings.error(
                        "url",
                        "must be postgresql://host[:port]/database, or mariadb:// or mysql:// the same"
                                + " way (credentials go in username and password)");
                return null;
            }
            return uri;
        } catch (IllegalArgumentException e) {
            settings.error("url", "not a URL");
            return null;
        }
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "postgresql".equals(uri.getScheme()) ? 5432 : 3306;
    }
}
