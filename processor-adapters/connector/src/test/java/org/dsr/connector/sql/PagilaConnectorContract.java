package org.dsr.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import org.dsr.adapter.kit.testing.AdapterTestClient;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.proof.OutcomeSignatureCheck;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.testsupport.TestInfrastructure;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Pagila customer erased end to end through the connector with only a YAML data map: a command on
 * dsr.commands.&lt;processor&gt;, signed outcomes on dsr.outcomes, and the shop's database read directly afterwards.
 * The same cases for every database the {@code sql} kind supports: {@link PagilaConnectorTest} (PostgreSQL) and
 * {@link PagilaMariaDbConnectorTest} (MariaDB) say where the shop is; the SQL read here is what both accept.
 */
abstract class PagilaConnectorContract {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<CategoryCommand> ERASURE = List.of(
            new CategoryCommand("payments", Action.RETAIN),
            new CategoryCommand("rentals", Action.RETAIN),
            new CategoryCommand("customer", Action.ANONYMISE),
            new CategoryCommand("address", Action.ANONYMISE));

    @ConfigProperty(name = "dsr.keys-dir")
    Path keysDir;

    AdapterTestClient client;

    /** The last erasure {@link #erase} sent. */
    ProcessorCommandV1 erasure;

    /** The processor's name in the connectors file. */
    abstract String processor();

    /** The connector's own database (its inbox, outbox and attempt journal). */
    abstract String connectorDatabase();

    /** Rows of a query on the shop's database, each cell as text; booleans are read through {@code case}. */
    abstract List<List<String>> rows(String sql) throws SQLException;

    /** Changes the shop's database directly. */
    abstract void execute(String sql) throws SQLException;

    @BeforeEach
    void setUp() {
        client = new AdapterTestClient(processor(), PagilaDatabase.DATABASE);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void erasesACustomerFoundByEmailKeepingPaymentsForBookkeeping() throws SQLException {
        int customer = 7;
        List<Long> payments =
                column("select payment_id from payment where customer_id = " + customer + " order by payment_id");
        assertThat(payments).hasSize(2);

        Map<String, ProcessorOutcomeV1> outcomes =
                erase(Jurisdiction.SE, List.of(new Identifier(IdentifierType.EMAIL, PagilaDatabase.email(customer))));

        ProcessorOutcomeV1 paid = outcomes.get("payments");
        assertThat(paid.status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(paid.evidence().rowsAffected()).isEqualTo(2);
        assertThat(paid.evidence().remainingMatches()).isZero();
        // SE: through the seventh year after the fiscal year (calendar year) of the latest payment, 2025
        assertThat(paid.retention().retainUntil()).isEqualTo(LocalDate.of(2032, 12, 31));
        assertThat(paid.retention().legalBasis()).contains("Bokföringslagen");
        assertThat(paid.retention().handles())
                .containsExactlyInAnyOrderElementsOf(
                        payments.stream().map(String::valueOf).toList());
        assertThat(outcomes.get("rentals").status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(outcomes.get("customer").status()).isEqualTo(OutcomeStatus.ANONYMISED);
        assertThat(outcomes.get("customer").evidence().remainingMatches()).isZero();
        assertThat(outcomes.get("address").status()).isEqualTo(OutcomeStatus.ANONYMISED);

        // the store, read directly: nothing of the person left, the bookkeeping kept and restricted
        assertThat(row("select first_name, last_name, coalesce(email, 'none') from customer where customer_id = "
                        + customer))
                .containsExactly("[anonymised]", "[anonymised]", "none");
        assertThat(row("select address, coalesce(address2, 'none'), phone, coalesce(postal_code, 'none') from"
                        + " address where address_id = (select address_id from customer where customer_id = " + customer
                        + ")"))
                .containsExactly("[anonymised]", "none", "[anonymised]", "none");
        assertThat(row("select count(*) from customer where email = '" + PagilaDatabase.email(customer)
                        + "' or last_name = 'Last" + customer + "'"))
                .containsExactly("0");
        assertThat(rows("select case when cast(payment_date as date) < date '2023-01-01' then 'in 2022' else 'later'"
                        + " end, case when dsr_restricted then 'restricted' else 'not' end, dsr_retained_until from payment"
                        + " where customer_id = " + customer + " order by payment_date"))
                .containsExactly(
                        List.of("in 2022", "restricted", "2029-12-31"), List.of("later", "restricted", "2032-12-31"));
        assertThat(row("select count(*) from rental where customer_id = " + customer + " and dsr_restricted"
                        + " and dsr_retained_until is not null"))
                .containsExactly("2");
        // the kept payments carry the request's pseudonym (pseudonym-column), the customer is marked anonymised
        assertThat(row("select count(*) from payment where customer_id = " + customer + " and dsr_retained_for = '"
                        + erasure.subject().pseudonym() + "'"))
                .containsExactly("2");
        assertThat(row("select count(*) from customer where customer_id = " + customer
                        + " and dsr_anonymised_at is not null"))
                .containsExactly("1");
        // a neighbour is untouched
        assertThat(row("select first_name, email from customer where customer_id = " + (customer + 1)))
                .containsExactly("First" + (customer + 1), PagilaDatabase.email(customer + 1));

        // every outcome signed with pagila's own key, as the orchestrator and the offline verifier check it
        VerificationKeys published = VerificationKeys.fromDirectory(keysDir);
        for (ProcessorOutcomeV1 outcome : outcomes.values()) {
            var result = OutcomeSignatureCheck.check(
                    (ObjectNode) Json.tree(outcome), processor(), published::find, Signatures::verify);
            assertThat(result.verified())
                    .as(outcome.category() + ": " + result.problem(processor()))
                    .isTrue();
        }
    }

    @Test
    void findsACustomerByPhoneThroughTheAddressAndDeletesRetainedPaymentsByTheirHandlesLater() throws SQLException {
        int customer = 12;
        Map<String, ProcessorOutcomeV1> outcomes =
                erase(Jurisdiction.DK, List.of(new Identifier(IdentifierType.PHONE, PagilaDatabase.phone(customer))));
        assertThat(outcomes.get("customer").status()).isEqualTo(OutcomeStatus.ANONYMISED);
        // DK: five years from the end of the fiscal year of the latest payment (2025-12-31)
        assertThat(outcomes.get("payments").retention().retainUntil()).isEqualTo(LocalDate.of(2030, 12, 31));

        // the orchestrator names the handles, not the person; while the retain-until the RETAIN wrote
        // (until-column) has not passed, the deferred erasure is refused and nothing is deleted
        List<String> handles = outcomes.get("payments").retention().handles();
        ProcessorOutcomeV1 refused = deferredErase("payments", handles);
        assertThat(refused.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(refused.failure().retryable()).isFalse();
        assertThat(refused.failure().reason())
                .isEqualTo("2 named payment rows are not retained or still within their" + " retention period");
        assertThat(row("select count(*) from payment where customer_id = " + customer))
                .containsExactly("2");

        // when retention ends (the stored dates moved into the past rather than the clock forward)
        execute("update payment set dsr_retained_until = date '2020-12-31' where customer_id = " + customer);
        ProcessorOutcomeV1 erased = deferredErase("payments", handles);
        assertThat(erased.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(erased.evidence().rowsAffected()).isEqualTo(2);
        assertThat(erased.evidence().remainingMatches()).isZero();
        assertThat(row("select count(*) from payment where customer_id = " + customer))
                .containsExactly("0");
        // the rentals still reference the anonymised customer, and payments orphan nothing
        assertThat(row("select count(*) from customer where customer_id = " + customer))
                .containsExactly("1");
    }

    @Test
    void deletesRetainedRentalsWithTheirPaymentsAndThenTheirOrphanedAnonymisedCustomer() throws SQLException {
        int customer = 15;
        Map<String, ProcessorOutcomeV1> outcomes =
                erase(Jurisdiction.SE, List.of(new Identifier(IdentifierType.EMAIL, PagilaDatabase.email(customer))));
        List<String> rentals = outcomes.get("rentals").retention().handles();
        assertThat(rentals).hasSize(2);
        assertThat(outcomes.get("rentals").retention().retainUntil()).isEqualTo(LocalDate.of(2032, 12, 31));
        String address = row("select address_id from customer where customer_id = " + customer)
                .get(0);

        // within retention (the rentals' dsr_retained_until): refused, nothing deleted
        ProcessorOutcomeV1 refused = deferredErase("rentals", rentals);
        assertThat(refused.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(refused.failure().reason())
                .isEqualTo("2 named rental rows are not retained or still within their" + " retention period");
        assertThat(row("select (select count(*) from rental where customer_id = " + customer + ") + (select count(*)"
                        + " from payment where customer_id = " + customer + ")"))
                .containsExactly("4");

        // retention ended: the rentals' payments go first (with-dependents), then the rentals, then the customer,
        // anonymised and referenced by nothing any more (delete-orphaned); the address stays, anonymised
        execute("update rental set dsr_retained_until = date '2020-12-31' where customer_id = " + customer);
        ProcessorOutcomeV1 erased = deferredErase("rentals", rentals);
        assertThat(erased.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(erased.evidence().rowsAffected()).isEqualTo(2);
        assertThat(erased.evidence().remainingMatches()).isZero();
        assertThat(erased.evidence().verification())
                .startsWith("count of the named rental rows and of their payment" + " rows after deletion");
        assertThat(row("select (select count(*) from rental where customer_id = " + customer + ") + (select count(*)"
                        + " from payment where customer_id = " + customer + ") + (select count(*) from customer where"
                        + " customer_id = " + customer + ")"))
                .containsExactly("0");
        assertThat(row("select address from address where address_id = " + address))
                .containsExactly("[anonymised]");

        // a customer the map never anonymised is not orphaned with the rentals: still a customer of the shop
        int active = 18;
        List<String> kept =
                column("select rental_id from rental where customer_id = " + active + " order by rental_id").stream()
                        .map(String::valueOf)
                        .toList();
        execute("update rental set dsr_retained_until = date '2020-12-31' where customer_id = " + active);
        assertThat(deferredErase("rentals", kept).status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(row("select count(*) from rental where customer_id = " + active))
                .containsExactly("0");
        assertThat(row("select email from customer where customer_id = " + active))
                .containsExactly(PagilaDatabase.email(active));
    }

    @Test
    void creditsAnEarlierAttemptThatActedBeforeTheConnectorDied() throws SQLException {
        List<String> handles = column("select payment_id from payment where customer_id = 20").stream()
                .map(String::valueOf)
                .toList();
        assertThat(handles).hasSize(2);
        ProcessorCommandV1 deferred = client.deferredErase("pseudonym", "payments", handles);
        // what an attempt that died between the store's commit and its own left behind: its journal, and the rows gone
        try (Connection c = TestInfrastructure.get().connect(connectorDatabase());
                Statement st = c.createStatement()) {
            st.execute("insert into connector_attempt (command_id, processor, state) values ('" + deferred.commandId()
                    + "', '" + processor() + "', '{\"keys\":{},\"counts\":{\"payments\":2}}')");
        }
        execute("delete from payment where customer_id = 20");

        client.send(deferred);
        ProcessorOutcomeV1 outcome =
                client.awaitOutcomes(deferred.requestId(), 1, WAIT).get(0);

        assertThat(outcome.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(outcome.evidence().rowsAffected()).isEqualTo(2);
        assertThat(outcome.evidence().verification())
                .endsWith("2 found by an earlier attempt of this command that was"
                        + " interrupted after acting, none left now");
        try (Connection c = TestInfrastructure.get().connect(connectorDatabase());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select count(*) from connector_attempt where command_id = '" + deferred.commandId() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the attempt ends with its outcome").isZero();
        }
    }

    @Test
    void answersNotFoundForSomeoneThePagilaStoreDoesNotKnow() {
        Map<String, ProcessorOutcomeV1> outcomes =
                erase(Jurisdiction.SE, List.of(new Identifier(IdentifierType.EMAIL, "nobody@pagila.example")));
        assertThat(outcomes.values()).extracting(ProcessorOutcomeV1::status).containsOnly(OutcomeStatus.NOT_FOUND);
    }

    @Test
    void refusesCategoriesAndActionsTheDataMapDoesNotDeclare() {
        ProcessorCommandV1 command = client.command(
                RequestType.ERASURE,
                Jurisdiction.SE,
                List.of(new Identifier(IdentifierType.EMAIL, PagilaDatabase.email(3))),
                List.of(
                        new CategoryCommand("films-watched", Action.ERASE),
                        new CategoryCommand("customer", Action.RESTRICT)));
        client.send(command);
        Map<String, ProcessorOutcomeV1> outcomes = byCategory(client.awaitOutcomes(command.requestId(), 2, WAIT));
        assertThat(outcomes.get("films-watched").status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcomes.get("films-watched").failure().reason()).isEqualTo("unknown category films-watched");
        assertThat(outcomes.get("customer").failure().reason()).isEqualTo("action not supported: RESTRICT on customer");
    }

    @Test
    void listsWhatItHostsWithoutSettings() {
        String it = "find { it.name == '" + processor() + "' }";
        String body = RestAssured.get("/api/v1/processors")
                .then()
                .statusCode(200)
                .body(it + ".kind", equalTo("sql"))
                .body(it + ".keyId", startsWith(processor() + "-"))
                .body(it + ".categories.payments", contains("RETAIN", "DEFERRED_ERASE"))
                .body(it + ".categories.customer", contains("ANONYMISE"))
                .extract()
                .asString();
        assertThat(body).doesNotContain("password").doesNotContain("://");
        RestAssured.get("/api/v1/keys")
                .then()
                .statusCode(200)
                .body("find { it.processor == '" + processor() + "' }.algorithm", equalTo("Ed25519"));
    }

    @Test
    void deadLettersACommandAddressedToAProcessorThisConnectorDoesNotHost() {
        ProcessorCommandV1 command = client.command(
                RequestType.ERASURE,
                Jurisdiction.SE,
                List.of(new Identifier(IdentifierType.EMAIL, PagilaDatabase.email(4))),
                ERASURE);
        ProcessorCommandV1 elsewhere = new ProcessorCommandV1(
                command.commandId(),
                command.requestId(),
                "payments",
                command.requestType(),
                command.jurisdiction(),
                command.subject(),
                command.categories(),
                command.issuedAt(),
                command.attempt());
        String eventId = client.send(elsewhere);
        var dead = client.awaitDeadLetter(r -> r.value().contains(eventId), WAIT);
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value()))
                .isEqualTo("processor command addressed to another processor");
    }

    private Map<String, ProcessorOutcomeV1> erase(Jurisdiction jurisdiction, List<Identifier> identifiers) {
        ProcessorCommandV1 command = client.command(RequestType.ERASURE, jurisdiction, identifiers, ERASURE);
        erasure = command;
        client.send(command);
        return byCategory(client.awaitOutcomes(command.requestId(), ERASURE.size(), WAIT));
    }

    private ProcessorOutcomeV1 deferredErase(String category, List<String> handles) {
        ProcessorCommandV1 deferred = client.deferredErase("pseudonym", category, handles);
        client.send(deferred);
        return client.awaitOutcomes(deferred.requestId(), 1, WAIT).get(0);
    }

    private static Map<String, ProcessorOutcomeV1> byCategory(List<ProcessorOutcomeV1> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(ProcessorOutcomeV1::category, o -> o));
    }

    private List<Long> column(String sql) throws SQLException {
        return rows(sql).stream().map(r -> Long.parseLong(r.get(0))).toList();
    }

    private List<String> row(String sql) throws SQLException {
        List<List<String>> rows = rows(sql);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
