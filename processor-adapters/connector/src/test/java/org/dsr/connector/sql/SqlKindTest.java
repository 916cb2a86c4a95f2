package org.dsr.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.vertx.mutiny.core.Vertx;
import org.dsr.connector.TestDsrConfig;
import org.dsr.connector.config.ConnectorsFile;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.contracts.event.Action;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sql kind refuses at start, each with one line naming the setting, and what it builds when all is well; on
 * PostgreSQL, and on MariaDB (those cases skipped on a machine without mariadb-server, failed under CI).
 */
@RealInfrastructureTest
class SqlKindTest {

    static Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        PagilaDatabase.ensure();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    @Test
    void buildsAConnectorWhoseCategoriesAreTheDataMaps() throws Exception {
        List<String> errors = new ArrayList<>();
        ProcessorConnector connector =
                create("""
                url: %s
                username: postgres
                password: { env: PAGILA_PASSWORD }
                data-map: map.yaml
                """.formatted(TestInfrastructure.get().jdbcUrl(PagilaDatabase.DATABASE)), errors);
        assertThat(errors).isEmpty();
        try (connector) {
            assertThat(connector.processor()).isEqualTo("pagila");
            assertThat(connector.categories().get("customer")).containsExactly(Action.ANONYMISE);
        }
    }

    @Test
    void refusesABadUrlAMissingSecretAMissingMapAndUnknownSettings() throws Exception {
        List<String> errors = new ArrayList<>();
        assertThat(create("""
                url: mysql://user:pw@db/shop
                username: postgres
                password: hunter2
                data-map: nowhere.yaml
                pool: 3
                """, errors)).isNull();
        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "processors[pagila].settings.pool: unknown setting; expected one of [data-map, max-connections,"
                                + " password, schema, url, username]",
                        "processors[pagila].settings.password: a secret is never inline: give {env: NAME} or {file: PATH}",
                        "processors[pagila].settings.data-map: file " + dir.resolve("nowhere.yaml") + " does not exist",
                        "processors[pagila].settings.url: must be postgresql://host[:port]/database, or mariadb:// or mysql://"
                                + " the same way (credentials go in username and password)");
        assertThat(String.join("\n", errors)).doesNotContain("hunter2").doesNotContain("pw@");
    }

    @Test
    void refusesADatabaseThatCannotBeReachedAtStart() throws Exception {
        List<String> errors = new ArrayList<>();
        int closed = TestInfrastructure.freePort();
        assertThat(create("""
                url: postgresql://127.0.0.1:%d/pagila
                username: postgres
                password: { env: PAGILA_PASSWORD }
                data-map: map.yaml
                """.formatted(closed), errors)).isNull();
        assertThat(errors)
                .containsExactly("processors[pagila]: database 127.0.0.1:" + closed
                        + "/pagila cannot be reached or read (SQLState 08001)");
    }

    @Test
    void refusesADataMapThatDoesNotFitTheSchemaLineByLine() throws Exception {
        Files.writeString(dir.resolve("map.yaml"), """
                keys:
                  customer: { table: customer, column: customer_id, identifiers: { EMAIL: email } }
                categories:
                  customer:
                    table: customers
                    match: { customer_id: customer }
                    actions: { ERASE: delete }
                """);
        List<String> errors = new ArrayList<>();
        assertThat(create("""
                url: %s
                username: postgres
                password: { env: PAGILA_PASSWORD }
                data-map: map.yaml
                """.formatted(TestInfrastructure.get().jdbcUrl(PagilaDatabase.DATABASE)), errors, false))
                .isNull();
        assertThat(errors)
                .containsExactly(
                        "processors[pagila].settings.data-map: categories[customer].table: no table" + " 'customers'");
    }

    @Test
    void buildsAConnectorForAMariaDbProcessor() throws Exception {
        MariaDbServer server = PagilaMariaDb.ensure();
        List<String> errors = new ArrayList<>();
        ProcessorConnector connector = create(
                """
                url: %s
                username: %s
                password: { env: PAGILA_MARIADB_PASSWORD }
                data-map: map.yaml
                """.formatted(server.url(PagilaMariaDb.DATABASE), MariaDbServer.USER),
                errors,
                "/pagila-mariadb/data-map.yaml");
        assertThat(errors).isEmpty();
        try (connector) {
            assertThat(connector.categories().get("payments"))
                    .containsExactlyInAnyOrder(Action.RETAIN, Action.DEFERRED_ERASE);
        }
    }

    @Test
    void refusesAMariaDbThatCannotBeReachedOrRefusesTheUserWithTheSameLines() throws Exception {
        MariaDbServer server = PagilaMariaDb.ensure();
        int closed = TestInfrastructure.freePort();
        List<String> errors = new ArrayList<>();
        assertThat(create("""
                url: mariadb://127.0.0.1:%d/shop
                username: %s
                password: { env: PAGILA_MARIADB_PASSWORD }
                data-map: map.yaml
                """.formatted(closed, MariaDbServer.USER), errors, "/pagila-mariadb/data-map.yaml"))
                .isNull();
        assertThat(errors)
                .containsExactly("processors[pagila]: database 127.0.0.1:" + closed
                        + "/shop cannot be reached or read (SQLState 08001)");

        errors.clear();
        assertThat(create(
                        """
                url: mysql://127.0.0.1:%d/%s
                username: %s
                password: { env: PAGILA_PASSWORD }
                data-map: map.yaml
                schema: public
                """.formatted(server.port(), PagilaMariaDb.DATABASE, MariaDbServer.USER),
                        errors,
                        "/pagila-mariadb/data-map.yaml"))
                .isNull();
        assertThat(errors)
                .containsExactly("processors[pagila].settings.schema: not for mysql: the database named in"
                        + " the url is the schema");

        errors.clear();
        assertThat(create(
                        """
                url: mysql://127.0.0.1:%d/%s
                username: %s
                password: { env: PAGILA_PASSWORD }
                data-map: map.yaml
                """.formatted(server.port(), PagilaMariaDb.DATABASE, MariaDbServer.USER),
                        errors,
                        "/pagila-mariadb/data-map.yaml"))
                .isNull();
        // access denied: the server's SQLState, never its message (which names the user)
        assertThat(errors)
                .containsExactly("processors[pagila]: database 127.0.0.1:" + server.port() + "/"
                        + PagilaMariaDb.DATABASE + " cannot be reached or read (SQLState 28000)");
    }

    @Test
    void refusesAMariaDbDataMapThatDoesNotFitLineByLine() throws Exception {
        MariaDbServer server = PagilaMariaDb.ensure();
        Files.writeString(dir.resolve("map.yaml"), """
                keys:
                  customer: { table: customer, column: customer_id, identifiers: { EMAIL: email } }
                categories:
                  customer:
                    table: customers
                    match: { customer_id: customer }
                    actions: { ERASE: delete }
                  address:
                    table: address
                    id: address_id
                    match: { address_id: customer }
                    actions: { ANONYMISE: { phone_number: mask } }
                """);
        List<String> errors = new ArrayList<>();
        assertThat(create("""
                url: %s
                username: %s
                password: { env: PAGILA_MARIADB_PASSWORD }
                data-map: map.yaml
                """.formatted(server.url(PagilaMariaDb.DATABASE), MariaDbServer.USER), errors, null))
                .isNull();
        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "processors[pagila].settings.data-map: categories[customer].table: no table 'customers'",
                        "processors[pagila].settings.data-map: categories[address].actions[ANONYMISE].columns[phone_number]:"
                                + " no column 'phone_number' in table 'address'",
                        "processors[pagila].settings.data-map: categories[address]: table address has trigger"
                                + " address_last_updated (BEFORE UPDATE), which runs with the changes this map makes there; a"
                                + " trigger can copy erased data elsewhere or put it back: read it, then list"
                                + " address.address_last_updated under reviewed-triggers");
    }

    private ProcessorConnector create(String settings, List<String> errors) throws Exception {
        return create(settings, errors, true);
    }

    private ProcessorConnector create(String settings, List<String> errors, boolean shippedMap) throws Exception {
        return create(settings, errors, shippedMap ? "/pagila/pagila-data-map.yaml" : null);
    }

    /** @param shippedMap the map resource copied to map.yaml, or null when the test wrote its own */
    private ProcessorConnector create(String settings, List<String> errors, String shippedMap) throws Exception {
        if (shippedMap != null) {
            Files.copy(
                    SqlKindTest.class.getResourceAsStream(shippedMap),
                    dir.resolve("map.yaml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String yaml = "processors:\n  pagila:\n    kind: sql\n    settings:\n"
                + settings.lines().map(l -> "      " + l).reduce("", (a, b) -> a + b + "\n");
        ProcessorEntry entry = ConnectorsFile.parse(yaml, "connectors.yaml", dir, Set.of("sql"))
                .get(0);
        SqlKind kind = new SqlKind(vertx, TestDsrConfig.keysIn(dir));
        return kind.create(
                entry,
                Settings.of(
                        entry,
                        errors,
                        Map.of(
                                "PAGILA_PASSWORD",
                                TestInfrastructure.DB_PASSWORD,
                                "PAGILA_MARIADB_PASSWORD",
                                MariaDbServer.PASSWORD)::get));
    }
}
