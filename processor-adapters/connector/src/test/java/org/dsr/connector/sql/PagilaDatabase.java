package org.dsr.connector.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.dsr.testsupport.TestInfrastructure;

/**
 * The Pagila sample schema (src/test/resources/pagila, from github.com/devrimgunduz/pagila; PostgreSQL licence) loaded
 * into the test PostgreSQL with generated rows. What is left out, and why: the pgvector extension and its
 * {@code film_embedding} table (pgvector is not part of the embedded PostgreSQL binaries). Everything else loads as
 * published: partitioned payments, foreign keys on some partitions, triggers, domains, functions.
 * <p>
 * Then, as a company would before connecting it: columns on {@code payment} and {@code rental}
 * ({@code dsr_restricted}, {@code dsr_retained_until}) so the shop's application can see what is restricted and until
 * when, {@code payment.dsr_retained_for} (indexed) for the request's pseudonym, and
 * {@code customer.dsr_anonymised_at}, which marks a customer the map anonymised (the rentals' deferred erasure deletes
 * such a customer once nothing references it).
 */
public final class PagilaDatabase {

    public static final String DATABASE = "pagila_test";
    public static final int CUSTOMERS = 40;

    private PagilaDatabase() {}

    /** Creates and fills the database once per test JVM. */
    public static synchronized void ensure() {
        TestInfrastructure infra = TestInfrastructure.get();
        infra.createDatabase(DATABASE);
        try (Connection c = infra.connect(DATABASE);
                Statement st = c.createStatement()) {
            var rs = st.executeQuery(
                    "select count(*) from pg_tables where schemaname = 'public' and tablename =" + " 'customer'");
            rs.next();
            if (rs.getInt(1) > 0) {
                return;
            }
            for (String statement : schemaStatements()) {
                st.execute(statement);
            }
            st.execute("set search_path = public");
            st.execute("alter table payment add column dsr_restricted boolean not null default false,"
                    + " add column dsr_retained_until date, add column dsr_retained_for text");
            st.execute("create index payment_dsr_retained_for on payment (dsr_retained_for)");
            st.execute("alter table rental add column dsr_restricted boolean not null default false,"
                    + " add column dsr_retained_until date");
            st.execute("alter table customer add column dsr_anonymised_at timestamp with time zone");
            fill(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the Pagila schema: " + e.getMessage(), e);
        }
    }

    public static String email(int customer) {
        return "customer" + customer + "@pagila.example";
    }

    public static String phone(int customer) {
        return "+4670" + String.format("%07d", 1_000_000 + customer);
    }

    /** The published dump, object by object, without pgvector's parts. */
    static List<String> schemaStatements() {
        String dump;
        try (InputStream in = PagilaDatabase.class.getResourceAsStream("/pagila/pagila-schema.sql")) {
            dump = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> statements = new ArrayList<>();
        // pg_dump separates objects by "--\n-- Name: <object>; Type: ..." comment blocks
        for (String block : Pattern.compile("\n--\n-- Name: ").split(dump)) {
            String header = block.lines().findFirst().orElse("");
            if (header.contains("vector") || header.contains("film_embedding")) {
                continue;
            }
            statements.add(block.startsWith("--") ? block : "-- Name: " + block);
        }
        return statements;
    }

    private static void fill(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("insert into country (country_id, country) values (1, 'Sweden')");
            st.execute("insert into city (city_id, city, country_id) values (1, 'Göteborg', 1)");
            st.execute("insert into language (language_id, name) values (1, 'English')");
            st.execute("insert into film (film_id, title, language_id, fulltext) values (1, 'ACADEMY DINOSAUR', 1,"
                    + " to_tsvector('academy dinosaur')), (2, 'ACE GOLDFINGER', 1, to_tsvector('ace goldfinger'))");
            st.execute("insert into address (address_id, address, district, city_id, phone) values (1, 'Storgatan 1',"
                    + " 'Centrum', 1, '+46311234567')");
            st.execute("insert into store (store_id, manager_staff_id, address_id) values (1, 1, 1)");
            st.execute("insert into staff (staff_id, first_name, last_name, address_id, store_id, username) values"
                    + " (1, 'Mike', 'Hillyer', 1, 1, 'mike')");
            st.execute("insert into inventory (inventory_id, film_id, store_id) values (1, 1, 1), (2, 2, 1)");
        }
        try (PreparedStatement address = c.prepareStatement("insert into address (address_id, address, address2,"
                        + " district, city_id, postal_code, phone) values (?, ?, ?, 'Majorna', 1, ?, ?)");
                PreparedStatement customer = c.prepareStatement("insert into customer (customer_id, store_id,"
                        + " first_name, last_name, email, address_id, active) values (?, 1, ?, ?, ?, ?, 1)");
                PreparedStatement rental = c.prepareStatement("insert into rental (rental_id, rental_date,"
                        + " inventory_id, customer_id, staff_id) values (?, ?, ?, ?, 1)");
                PreparedStatement payment = c.prepareStatement("insert into payment (payment_id, customer_id,"
                        + " staff_id, rental_id, amount, payment_date) values (?, ?, 1, ?, 4.99, ?)")) {
            int rentalId = 1;
            for (int i = 1; i <= CUSTOMERS; i++) {
                address.setInt(1, 100 + i);
                address.setString(2, "Karl Johansgatan " + i);
                address.setString(3, "lgh " + (1000 + i));
                address.setString(4, "414 5" + (i % 10));
                address.setString(5, phone(i));
                address.addBatch();
                customer.setInt(1, i);
                customer.setString(2, "First" + i);
                customer.setString(3, "Last" + i);
                customer.setString(4, email(i));
                customer.setInt(5, 100 + i);
                customer.addBatch();
                // one payment in a partition with foreign keys (2022), one in a recent one without (2025)
                for (OffsetDateTime when : List.of(
                        OffsetDateTime.of(2022, 2, 10 + i % 15, 12, 0, 0, 0, ZoneOffset.UTC),
                        OffsetDateTime.of(2025, 11, 1 + i % 25, 12, 0, 0, 0, ZoneOffset.UTC))) {
                    rental.setInt(1, rentalId);
                    rental.setObject(2, when);
                    rental.setInt(3, 1 + i % 2);
                    rental.setInt(4, i);
                    rental.addBatch();
                    payment.setInt(1, rentalId);
                    payment.setInt(2, i);
                    payment.setInt(3, rentalId);
                    payment.setObject(4, when.plusHours(1));
                    payment.addBatch();
                    rentalId++;
                }
            }
            address.executeBatch();
            customer.executeBatch();
            rental.executeBatch();
            payment.executeBatch();
        }
    }
}
