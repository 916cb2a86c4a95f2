package org.dsr.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import io.vertx.mutiny.core.Vertx;
import org.dsr.adapter.kit.datamap.Catalog;
import org.dsr.adapter.kit.datamap.DataMapEngine;
import org.dsr.adapter.kit.datamap.DataMapException;
import org.dsr.adapter.kit.datamap.SqlDialect;
import org.dsr.contracts.event.Action;
import org.dsr.testsupport.RealInfrastructureTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MariaDB side of {@link PagilaDataMapTest}: the Pagila shop ported to MariaDB, its catalog read from
 * information_schema as the connector reads it (its own pool, the connector's user), its foreign keys and triggers
 * handled, or the start refused with a line that says why. Also what only MariaDB and MySQL have: triggers the user
 * cannot see are refused rather than taken for none.
 */
@RealInfrastructureTest
class PagilaMariaDbDataMapTest {

    static Vertx vertx;
    static MariaDbServer server;
    static Catalog catalog;
    static String map;

    @BeforeAll
    static void load() throws Exception {
        server = PagilaMariaDb.ensure();
        vertx = Vertx.vertx();
        catalog = catalog(MariaDbServer.USER, MariaDbServer.PASSWORD);
        try (InputStream in = PagilaMariaDbDataMapTest.class.getResourceAsStream("/pagila-mariadb/data-map.yaml")) {
            map = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.closeAndAwait();
        }
    }

    @Test
    void theShippedMapFitsTheSchema() {
        DataMapEngine engine = load(map);
        assertThat(engine.handlers().keySet()).containsExactlyInAnyOrder("payments", "rentals", "customer", "address");
        assertThat(engine.handler("payments").supportedActions())
                .containsExactlyInAnyOrder(Action.RETAIN, Action.DEFERRED_ERASE);
        assertThat(catalog.dialect()).isSameAs(SqlDialect.MARIADB);
        // MariaDB's boolean is tinyint(1); integers compare as bigint, varchar as text
        assertThat(catalog.column("payment", "dsr_restricted").type()).isEqualTo("boolean");
        assertThat(catalog.column("customer", "customer_id").castType()).isEqualTo("bigint");
        assertThat(catalog.column("customer", "email").isText()).isTrue();
        assertThat(catalog.foreignKeys())
                .contains(new Catalog.ForeignKey("payment", "rental_id", "rental", "rental_id"));
        assertThat(catalog.indexed("customer", "address_id")).isTrue();
        assertThat(catalog.triggersHidden()).isEmpty();
        assertThat(engine.unindexedLookups()).containsExactly("address.phone", "customer.email");
    }

    @Test
    void refusesChangesToTablesWhoseTriggersNobodyReviewed() {
        assertThatThrownBy(() -> load(map.replaceAll("(?m)^reviewed-triggers:.*$", "")))
                .isInstanceOfSatisfying(
                        DataMapException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "categories[rentals]: table rental has trigger rental_last_updated (BEFORE UPDATE), which runs"
                                                + " with the changes this map makes there; a trigger can copy erased data elsewhere or"
                                                + " put it back: read it, then list rental.rental_last_updated under reviewed-triggers",
                                        "categories[customer]: table customer has trigger customer_last_updated (BEFORE UPDATE), which"
                                                + " runs with the changes this map makes there; a trigger can copy erased data"
                                                + " elsewhere or put it back: read it, then list customer.customer_last_updated under"
                                                + " reviewed-triggers",
                                        "categories[address]: table address has trigger address_last_updated (BEFORE UPDATE), which"
                                                + " runs with the changes this map makes there; a trigger can copy erased data"
                                                + " elsewhere or put it back: read it, then list address.address_last_updated under"
                                                + " reviewed-triggers"));
        assertThatThrownBy(() ->
                        load(map.replace("rental.rental_last_updated]", "rental.rental_last_updated," + " film.gone]")))
                .hasMessageContaining("reviewed-triggers: no trigger film.gone in this schema");
    }

    @Test
    void refusesTablesWhoseTriggersTheUserCannotSee() throws Exception {
        // information_schema lists a table's triggers only to some users (MySQL: TRIGGER privilege; MariaDB: also
        // UPDATE or DELETE, which is how the connector's user sees them here): to any other, none would be seen and
        // none reviewed, so the start is refused instead
        server.sql(
                null,
                "create user if not exists 'reader'@'%' identified by 'pw-reader';" + " grant select on "
                        + PagilaMariaDb.DATABASE + ".* to 'reader'@'%'");
        Catalog limited = catalog("reader", "pw-reader");
        assertThat(limited.triggers()).isEmpty();
        assertThat(limited.triggersHidden()).contains("customer", "payment");
        assertThatThrownBy(() -> DataMapEngine.load(map, "data-map.yaml", limited, () -> "unused"))
                .isInstanceOfSatisfying(
                        DataMapException.class,
                        e -> assertThat(e.errors())
                                .contains(
                                        "categories[customer]: this user cannot see the triggers of table customer (MariaDB shows them"
                                                + " to a user that may update or delete its rows, MySQL only with the TRIGGER"
                                                + " privilege): grant that, so each trigger that runs with this map's changes can be"
                                                + " checked"));
    }

    @Test
    void refusesAnOrderThatWouldBreakAForeignKey() {
        // payment.rental_id references rental: payments must be deleted before rentals
        String deleting = map.replaceAll(
                        "RETAIN: \\{ retain-until: bookkeeping, date-column: rental_date,[^}]*}", "ERASE: delete")
                .replaceAll("RETAIN: \\{ retain-until: bookkeeping, date-column: payment_date,[^}]*}", "ERASE: delete");
        assertThat(deleting).doesNotContain("RETAIN");
        assertThatThrownBy(() -> load(deleting))
                .isInstanceOfSatisfying(
                        DataMapException.class,
                        e -> assertThat(e.errors())
                                .contains(
                                        "categories[rentals].order: 10 must be higher than categories[payments].order"
                                                + " (10): payment.rental_id references rental.rental_id, so its rows are deleted first"));
    }

    @Test
    void refusesColumnsOfTheWrongType() {
        // payments' RETAIN (the first; rentals' has the same columns)
        assertThatThrownBy(() -> load(map.replaceFirst("restrict: dsr_restricted,", "restrict: amount,")
                        .replaceFirst("until-column: dsr_retained_until", "until-column: payment_date")
                        .replace("email: null", "email: null, create_date: mask")))
                .isInstanceOfSatisfying(
                        DataMapException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "categories[payments].actions[RETAIN].restrict: needs a boolean column, not decimal",
                                        "categories[payments].actions[RETAIN].until-column: needs a date column, not datetime",
                                        "categories[customer].actions[ANONYMISE].columns[create_date]: mask needs a text column, not"
                                                + " date"));
    }

    private static Catalog catalog(String user, String password) throws Exception {
        var pool = SqlKind.mariaDbPool(
                vertx, "127.0.0.1", server.port(), PagilaMariaDb.DATABASE, user, password, 1, "dsr-connector-test");
        try {
            return SqlKind.mariaDbCatalog(pool);
        } finally {
            pool.closeAndAwait();
        }
    }

    private static DataMapEngine load(String yaml) {
        return DataMapEngine.load(yaml, "data-map.yaml", catalog, () -> {
            throw new AssertionError("no keyed-hash column in this map");
        });
    }
}
