package org.dsr.connector.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Pagila shop on MariaDB: {@code src/test/resources/pagila-mariadb/schema.sql} (Pagila's schema ported, what
 * differs is listed at its top) loaded into the tests' own {@link MariaDbServer} with the same generated rows as
 * {@link PagilaDatabase}: customer {@code i} has e-mail {@link PagilaDatabase#email}, phone {@link PagilaDatabase#phone},
 * and two rentals with a payment each, one in February 2022 and one in November 2025.
 * <p>
 * Then, as a company would before connecting it: {@code dsr_restricted} and {@code dsr_retained_until} on payment and
 * rental, {@code payment.dsr_retained_for} (indexed) and {@code customer.dsr_anonymised_at}, as on PostgreSQL.
 */
public final class PagilaMariaDb {

    public static final String DATABASE = "pagila_test";

    private PagilaMariaDb() {}

    /** Creates and fills the database once per test JVM. */
    public static synchronized MariaDbServer ensure() {
        MariaDbServer server = MariaDbServer.get();
        server.createDatabase(DATABASE);
        if (!server.sql(DATABASE, "show tables like 'customer'").isEmpty()) {
            return server;
        }
        server.load(DATABASE, schema());
        server.load(
                DATABASE,
                "alter table payment add column dsr_restricted boolean not null default false,"
                        + " add column dsr_retained_until date, add column dsr_retained_for varchar(64);"
                        + " create index payment_dsr_retained_for on payment (dsr_retained_for);"
                        + " alter table rental add column dsr_restricted boolean not null default false,"
                        + " add column dsr_retained_until date;"
                        + " alter table customer add column dsr_anonymised_at datetime;");
        server.load(DATABASE, rows());
        return server;
    }

    static String schema() {
        try (InputStream in = PagilaMariaDb.class.getResourceAsStream("/pagila-mariadb/schema.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rows() {
        StringBuilder sql = new StringBuilder("""
                insert into country (country_id, country) values (1, 'Sweden');
                insert into city (city_id, city, country_id) values (1, 'Göteborg', 1);
                insert into language (language_id, name) values (1, 'English');
                insert into film (film_id, title, language_id) values (1, 'ACADEMY DINOSAUR', 1), (2, 'ACE GOLDFINGER', 1);
                insert into address (address_id, address, district, city_id, phone)
                  values (1, 'Storgatan 1', 'Centrum', 1, '+46311234567');
                insert into store (store_id, manager_staff_id, address_id) values (1, 1, 1);
                insert into staff (staff_id, first_name, last_name, address_id, store_id, username)
                  values (1, 'Mike', 'Hillyer', 1, 1, 'mike');
                insert into inventory (inventory_id, film_id, store_id) values (1, 1, 1), (2, 2, 1);
                """);
        List<String> addresses = new ArrayList<>();
        List<String> customers = new ArrayList<>();
        List<String> rentals = new ArrayList<>();
        List<String> payments = new ArrayList<>();
        int rentalId = 1;
        for (int i = 1; i <= PagilaDatabase.CUSTOMERS; i++) {
            addresses.add("(" + (100 + i) + ", 'Karl Johansgatan " + i + "', 'lgh " + (1000 + i)
                    + "', 'Majorna', 1, '414 5" + (i % 10) + "', '" + PagilaDatabase.phone(i) + "')");
            customers.add("(" + i + ", 1, 'First" + i + "', 'Last" + i + "', '" + PagilaDatabase.email(i) + "', "
                    + (100 + i) + ", 1)");
            // one payment in 2022, one in 2025, as on PostgreSQL
            for (String when : List.of(
                    "2022-02-%02d 12:00:00".formatted(10 + i % 15), "2025-11-%02d 12:00:00".formatted(1 + i % 25))) {
                rentals.add("(" + rentalId + ", '" + when + "', " + (1 + i % 2) + ", " + i + ", 1)");
                payments.add(
                        "(" + rentalId + ", " + i + ", 1, " + rentalId + ", 4.99, '" + when + "' + interval 1 hour)");
                rentalId++;
            }
        }
        sql.append("insert into address (address_id, address, address2, district, city_id, postal_code, phone) values ")
                .append(String.join(", ", addresses))
                .append(";\n");
        sql.append("insert into customer (customer_id, store_id, first_name, last_name, email, address_id, active)"
                        + " values ")
                .append(String.join(", ", customers))
                .append(";\n");
        sql.append("insert into rental (rental_id, rental_date, inventory_id, customer_id, staff_id) values ")
                .append(String.join(", ", rentals))
                .append(";\n");
        sql.append("insert into payment (payment_id, customer_id, staff_id, rental_id, amount, payment_date) values ")
                .append(String.join(", ", payments))
                .append(";\n");
        return sql.toString();
    }
}
