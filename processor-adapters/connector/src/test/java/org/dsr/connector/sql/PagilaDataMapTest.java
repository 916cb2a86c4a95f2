package org.dsr.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import org.dsr.adapter.kit.datamap.Catalog;
import org.dsr.adapter.kit.datamap.DataMapEngine;
import org.dsr.adapter.kit.datamap.DataMapException;
import org.dsr.contracts.event.Action;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data map checked against a schema nobody here wrote: Pagila's partitions, foreign keys on some partitions only,
 * and triggers are handled, or the start is refused with a line that says why.
 */
@RealInfrastructureTest
class PagilaDataMapTest {

    static Catalog catalog;
    static String map;

    @BeforeAll
    static void load() throws Exception {
        PagilaDatabase.ensure();
        try (Connection c = TestInfrastructure.get().connect(PagilaDatabase.DATABASE)) {
            catalog = Catalog.load(c);
        }
        try (InputStream in = PagilaDataMapTest.class.getResourceAsStream("/pagila/pagila-data-map.yaml")) {
            map = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShippedMapFitsTheSchema() {
        DataMapEngine engine = load(map);
        assertThat(engine.handlers().keySet()).containsExactlyInAnyOrder("payments", "rentals", "customer", "address");
        // a retained category can later be erased by its handles
        assertThat(engine.handler("payments").supportedActions())
                .containsExactlyInAnyOrder(Action.RETAIN, Action.DEFERRED_ERASE);
        assertThat(catalog.root("payment_p2022_01")).isEqualTo("payment");
    }

    @Test
    void refusesChangesToTablesWhoseTriggersNobodyReviewed() {
        assertThatThrownBy(() -> load(map.replaceAll("(?m)^reviewed-triggers:.*$", "")))
                .isInstanceOfSatisfying(
                        DataMapException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "categories[rentals]: table rental has trigger last_updated (BEFORE UPDATE), which runs with"
                                                + " the changes this map makes there; a trigger can copy erased data elsewhere or put"
                                                + " it back: read it, then list rental.last_updated under reviewed-triggers",
                                        "categories[customer]: table customer has trigger last_updated (BEFORE UPDATE), which runs"
                                                + " with the changes this map makes there; a trigger can copy erased data elsewhere or"
                                                + " put it back: read it, then list customer.last_updated under reviewed-triggers",
                                        "categories[address]: table address has trigger last_updated (BEFORE UPDATE), which runs"
                                                + " with the changes this map makes there; a trigger can copy erased data elsewhere or"
                                                + " put it back: read it, then list address.last_updated under reviewed-triggers"));
        assertThatThrownBy(() -> load(map.replace("rental.last_updated]", "rental.last_updated, film.gone]")))
                .hasMessageContaining("reviewed-triggers: no trigger film.gone in this schema");
    }

    @Test
    void refusesAPartitionNamedInsteadOfItsPartitionedTable() {
        assertThatThrownBy(() -> load(map.replace("table: payment  ", "table: payment_p2022_01  ")))
                .isInstanceOfSatisfying(
                        DataMapException.class,
                        e -> assertThat(e.errors())
                                .contains(
                                        "categories[payments].table: 'payment_p2022_01' is a partition of 'payment': name the"
                                                + " partitioned table, so the subject's rows are found in every partition"));
    }

    @Test
    void refusesAnOrderThatWouldBreakAForeignKeyDeclaredOnPartitionsOnly() {
        // payment_p2022_0x.rental_id references rental: payments must be deleted before rentals
        String deleting = map.replaceAll(
                        "RETAIN: \\{ retain-until: bookkeeping, date-column: rental_date,[^}]*}", "ERASE: delete")
                .replaceAll("RETAIN: \\{ retain-until: bookkeeping, date-column: payment_date,[^}]*}", "ERASE: delete");
        assertThat(deleting).doesNotContain("RETAIN");
        assertThatThrownBy(() -> load(deleting))
                .isInstanceOfSatisfying(
                        DataMapException.class,
                        e -> assertThat(e.errors())
                                .anySatisfy(
                                        line -> assertThat(line)
                                                .startsWith(
                                                        "categories[rentals].order: 10 must be"
                                                                + " higher than categories[payments].order (10): payment_p2022_")
                                                .endsWith(
                                                        ".rental_id references rental.rental_id, so its rows are deleted first")));
    }

    @Test
    void refusesRetentionColumnsOfTheWrongType() {
        // payments' RETAIN (the first; rentals' has the same columns)
        assertThatThrownBy(() -> load(map.replaceFirst("restrict: dsr_restricted,", "restrict: amount,")
                        .replaceFirst("until-column: dsr_retained_until", "until-column: payment_date")))
                .isInstanceOfSatisfying(
                        DataMapException.class,
                        e -> assertThat(e.errors())
                                .contains(
                                        "categories[payments].actions[RETAIN].restrict: needs a boolean column, not numeric",
                                        "categories[payments].actions[RETAIN].until-column: needs a date column, not timestamp with"
                                                + " time zone"));
    }

    private static DataMapEngine load(String yaml) {
        return DataMapEngine.load(yaml, "pagila-data-map.yaml", catalog, () -> {
            throw new AssertionError("no keyed-hash column in this map");
        });
    }
}
