package org.dsr.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.dsr.bench.report.ProcStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The floor scripts against the adapters' own migrations (read from the source tree, so a schema change that breaks
 * a script fails here): each store erases one subject and leaves a bystander alone.
 */
@Tag("real-infrastructure")
class ErasureFloorTest {

    private static final Path SAMPLE_PROCESSORS = Path.of("..", "sample-processors");
    private static final String SUBJECT = "anna.svensson@example.se";
    private static final String BYSTANDER = "bo.berg@example.se";

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().start();
        for (FloorScript script : FloorScript.adapters()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("create database " + script.database());
            }
            try (Connection c = connect(script.database());
                    Statement st = c.createStatement()) {
                for (Path migration : migrations(script.store())) {
                    st.execute(Files.readString(migration));
                }
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void hostingErasesEveryCategoryOfTheSubjectOnly() throws SQLException {
        FloorScript hosting = script("hosting");
        try (Connection c = connect(hosting.database())) {
            for (String email : List.of(SUBJECT, BYSTANDER)) {
                exec(
                        c,
                        "insert into accounts (user_id, email, full_name, password_hash) values ('u-" + email + "', '"
                                + email + "', 'n', 'h')");
                exec(c, "insert into profiles (account_id) select id from accounts where email = '" + email + "'");
                exec(
                        c,
                        "insert into sessions (account_id, ip) select id, '10.0.0.1' from accounts where email = '"
                                + email + "'");
                exec(
                        c,
                        "insert into uploaded_files (account_id, file_name, content_type, size_bytes, storage_key)"
                                + " select id, 'f', 'text/plain', 1, 'k' from accounts where email = '" + email + "'");
                exec(
                        c,
                        "insert into access_logs (account_id, path, status, device_id, at) select id, '/', 200,"
                                + " 'dev-" + email + "', now() from accounts where email = '" + email + "'");
            }
            // a visit before sign-in from the subject's device is theirs too
            exec(
                    c,
                    "insert into access_logs (path, status, device_id, at) values ('/', 200, 'dev-" + SUBJECT
                            + "', now())");

            ErasureFloor.BatchCost cost = ErasureFloor.run(c, hosting, List.of(SUBJECT), ProcStats.system());

            assertThat(cost.matched()).isEqualTo(1);
            assertThat(cost.subjects()).isEqualTo(1);
            c.setAutoCommit(true);
            for (String table : List.of("accounts", "profiles", "sessions", "uploaded_files", "access_logs")) {
                assertThat(count(c, "select count(*) from " + table)).as(table).isEqualTo(1);
            }
            assertThat(count(c, "select count(*) from accounts where email = '" + BYSTANDER + "'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void paymentsKeepsTheInvoicesRestrictedAndAnonymisesTheCustomer() throws SQLException {
        FloorScript payments = script("payments");
        try (Connection c = connect(payments.database())) {
            exec(
                    c,
                    "insert into customers (name, email, phone, jurisdiction) values ('Anna', '" + SUBJECT
                            + "', '+46701234567', 'SE')");
            exec(c, "insert into payment_methods (customer_id, kind, token) select id, 'card', 't' from customers");
            exec(
                    c,
                    "insert into invoices (invoice_number, customer_id, fiscal_year_end, issued_on, due_on,"
                            + " buyer_name, amount, vat, currency) select 'INV-1', id, '2026-12-31', '2026-03-01',"
                            + " '2026-03-31', 'Anna', 100, 25, 'SEK' from customers");

            ErasureFloor.BatchCost cost = ErasureFloor.run(c, payments, List.of(SUBJECT), ProcStats.system());

            assertThat(cost.matched()).isEqualTo(1);
            c.setAutoCommit(true);
            assertThat(count(c, "select count(*) from payment_methods")).isZero();
            assertThat(count(c, "select count(*) from invoices where restricted and retained_until = '2034-01-01'"))
                    .isEqualTo(1);
            assertThat(count(
                            c,
                            "select count(*) from customers where email is null and phone is null"
                                    + " and anonymised_at is not null"))
                    .isEqualTo(1);
        }
    }

    @Test
    void everyScriptRunsOnItsStoresCurrentSchema() throws SQLException {
        for (FloorScript script : FloorScript.adapters()) {
            try (Connection c = connect(script.database())) {
                ErasureFloor.BatchCost cost =
                        ErasureFloor.run(c, script, List.of("nobody@example.dk"), ProcStats.system());
                assertThat(cost.matched()).as(script.store()).isZero();
            }
        }
    }

    @Test
    void aScriptThatLeavesTheSubjectsRowsIsRefusedAndRolledBack() throws SQLException {
        FloorScript incomplete = new FloorScript(
                "email-delivery",
                "email_delivery",
                List.of(
                        "create temp table s on commit drop as select c.id from contacts c join floor_subjects using (email)",
                        "delete from list_memberships where contact_id in (select id from s)",
                        "select (select count(*) from s) as matched,"
                                + " (select count(*) from contacts where id in (select id from s)) as remaining"));
        try (Connection c = connect(incomplete.database())) {
            exec(c, "insert into contacts (email, source) values ('" + SUBJECT + "', 'signup')");
            exec(c, "insert into lists (name, description) values ('news', 'n')");
            exec(
                    c,
                    "insert into list_memberships (contact_id, list_id, subscribed_at)"
                            + " select c.id, l.id, now() from contacts c, lists l");

            assertThatThrownBy(() -> ErasureFloor.run(c, incomplete, List.of(SUBJECT), ProcStats.system()))
                    .hasMessageContaining("left 1 rows");
            c.setAutoCommit(true);
            assertThat(count(c, "select count(*) from list_memberships")).isEqualTo(1);
        }
    }

    private static FloorScript script(String store) {
        return FloorScript.adapters().stream()
                .filter(s -> s.store().equals(store))
                .findFirst()
                .orElseThrow();
    }

    private static List<Path> migrations(String store) throws IOException {
        Path dir = SAMPLE_PROCESSORS.resolve(store).resolve("src/main/resources/db/migration");
        try (Stream<Path> files = Files.list(dir)) {
            // V1__, V2__, ... in version order
            return files.sorted((a, b) -> Integer.compare(version(a), version(b)))
                    .toList();
        }
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static Connection connect(String database) throws SQLException {
        return postgres.getDatabase("postgres", database).getConnection();
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
