package org.dsr.adapter.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.dsr.adapter.kit.sample.SamplePerson;
import org.dsr.adapter.kit.sample.SampleSubjects;
import org.dsr.adapter.kit.testing.AdapterTestClient;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.testsupport.RealInfrastructureResource;

@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "database", value = "payments_test"), @ResourceArg(name = "processors", value = "payments") })
class PaymentsAdapterTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<CategoryCommand> ERASURE = List.of(new CategoryCommand("payment-methods", Action.ERASE),
            new CategoryCommand("customer-profile", Action.ANONYMISE), new CategoryCommand("invoices", Action.RETAIN));

    @Inject
    SubjectKeys keys;

    AdapterTestClient client;

    @BeforeEach
    void setUp() {
        client = new AdapterTestClient("payments", "payments_test", keys);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void erasesPaymentMethodsAnonymisesTheCustomerAndRetainsInvoicesForBookkeeping() {
        SamplePerson alice = SampleSubjects.ALICE;
        long customer = alice.number();
        long invoices = client.count("select count(*) from invoices where customer_id = ?", customer);
        long lines = client.count("select count(*) from invoice_lines");
        assertThat(invoices).isEqualTo(2);
        String carlBefore = snapshot(SampleSubjects.CARL);

        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email(alice.email()), ERASURE);
        String eventId = client.send(command);
        Map<String, ProcessorOutcomeV1> outcomes = byCategory(client.awaitOutcomes(command.requestId(), 3, WAIT));
        assertThat(outcomes.get("payment-methods").status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(outcomes.get("customer-profile").status()).isEqualTo(OutcomeStatus.ANONYMISED);
        ProcessorOutcomeV1 retained = outcomes.get("invoices");
        assertThat(retained.status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(retained.evidence().rowsAffected()).isEqualTo(invoices);
        assertThat(retained.retention().retainUntil()).isEqualTo(LocalDate.of(2032, 12, 31));
        assertThat(retained.retention().legalBasis()).startsWith("SE: Bokföringslagen (1999:1078) 7 kap. 2 §");
        assertThat(retained.retention().handles()).containsExactlyInAnyOrderElementsOf(client
                .rows("select cast(id as text) from invoices where customer_id = ?", customer).stream()
                .map(r -> (String) r.get(0)).toList());
        assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.evidence().remainingMatches()).isZero());
        client.assertSigned(List.copyOf(outcomes.values()), RestAssured.get("/api/v1/keys").asString());

        assertThat(client.count("select count(*) from payment_methods where customer_id = ?", customer)).isZero();
        assertThat(client.count("select count(*) from customers where id = ? and email is null and phone is null"
                + " and address is null and customer_number is null and name = '[anonymised]'", customer))
                .isEqualTo(1);
        assertThat(client.count("select count(*) from invoices where customer_id = ? and restricted"
                + " and buyer_name = ? and retained_until is not null", customer, alice.fullName()))
                .isEqualTo(invoices);
        assertThat(client.count("select count(*) from invoice_lines")).isEqualTo(lines);
        assertThat(snapshot(SampleSubjects.CARL)).isEqualTo(carlBefore);

        client.send(eventId, command);
        // Re-dispatch with the same subject after the customer lost its identifiers: the invoices are still found
        // (by the request's pseudonym stored with them) and still reported RETAINED, never NOT_FOUND.
        ProcessorCommandV1 redispatch = new ProcessorCommandV1(command.commandId(), command.requestId(), "payments",
                command.requestType(), command.jurisdiction(), command.subject(), command.categories(),
                java.time.Instant.now(), 2);
        client.send(redispatch);
        Map<String, ProcessorOutcomeV1> second = byCategory(client.awaitOutcomes(command.requestId(), 6, WAIT)
                .stream().skip(3).toList());
        assertThat(second.get("invoices").status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(second.get("invoices").retention()).isEqualTo(retained.retention());
        assertThat(second.get("payment-methods").status()).isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(second.get("customer-profile").status()).isEqualTo(OutcomeStatus.NOT_FOUND);

        // Retained invoices are restricted: a reminder (processing) is refused; an unrestricted one is sent.
        String aliceInvoice = (String) client.rows("select invoice_number from invoices where customer_id = ?"
                + " order by id limit 1", customer).get(0).get(0);
        RestAssured.post("/api/v1/invoices/" + aliceInvoice + "/reminders").then().statusCode(423)
                .body("title", org.hamcrest.Matchers.equalTo("Processing restricted"));
        assertThat(client.count("select count(*) from invoice_reminders r join invoices i on i.id = r.invoice_id"
                + " where i.customer_id = ?", customer)).isZero();
        String carlInvoice = (String) client.rows("select invoice_number from invoices where customer_id = ?"
                + " order by id limit 1", SampleSubjects.CARL.number()).get(0).get(0);
        RestAssured.post("/api/v1/invoices/" + carlInvoice + "/reminders").then().statusCode(201);
    }

    @Test
    void danishInvoicesAreKeptFiveYearsFromFiscalYearEnd() {
        // a reminder sent before the erasure: processing of an invoice, deleted with it when retention ends
        String frejaInvoice = (String) client.rows("select invoice_number from invoices where customer_id = ?"
                + " order by id limit 1", SampleSubjects.FREJA.number()).get(0).get(0);
        RestAssured.post("/api/v1/invoices/" + frejaInvoice + "/reminders").then().statusCode(201);
        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.DK,
                List.of(new Identifier(IdentifierType.CUSTOMER_NUMBER, "c-2001")), ERASURE);
        client.send(command);
        ProcessorOutcomeV1 invoices = byCategory(client.awaitOutcomes(command.requestId(), 3, WAIT)).get("invoices");
        assertThat(invoices.status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(invoices.retention().retainUntil()).isEqualTo(LocalDate.of(2030, 12, 31));
        assertThat(invoices.retention().legalBasis()).startsWith("DK: Bogføringsloven § 12");
        long customer = SampleSubjects.FREJA.number();
        List<String> handles = invoices.retention().handles();
        assertThat(handles).hasSize(2);

        // Deferred erasure before retention ends: refused, nothing deleted.
        ProcessorCommandV1 early = client.deferredErase(command.subject().pseudonym(), "invoices", handles);
        client.send(early);
        ProcessorOutcomeV1 refused = client.awaitOutcomes(early.requestId(), 1, WAIT).get(0);
        assertThat(refused.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(refused.failure().retryable()).isFalse();
        assertThat(refused.failure().reason()).contains("still within their retention period");
        assertThat(client.count("select count(*) from invoices where customer_id = ?", customer)).isEqualTo(2);

        // Retention over (moved into the past here): the deferred erasure removes what was retained.
        client.execute("update invoices set retained_until = current_date - 1 where customer_id = ?", customer);
        long otherInvoices = client.count("select count(*) from invoices where customer_id <> ?", customer);
        ProcessorCommandV1 deferred = client.deferredErase(command.subject().pseudonym(), "invoices", handles);
        client.send(deferred);
        ProcessorOutcomeV1 erased = client.awaitOutcomes(deferred.requestId(), 1, WAIT).get(0);
        assertThat(erased.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(erased.action()).isEqualTo(Action.DEFERRED_ERASE);
        assertThat(erased.evidence().rowsAffected()).isEqualTo(2);
        assertThat(erased.evidence().remainingMatches()).isZero();
        client.assertSigned(List.of(erased), RestAssured.get("/api/v1/keys").asString());
        assertThat(client.count("select count(*) from invoices where customer_id = ?", customer)).isZero();
        assertThat(client.count("select count(*) from invoice_lines where invoice_id = any(cast(? as bigint[]))",
                "{" + String.join(",", handles) + "}")).isZero();
        assertThat(client.count("select count(*) from payments where invoice_id = any(cast(? as bigint[]))",
                "{" + String.join(",", handles) + "}")).isZero();
        assertThat(client.count("select count(*) from invoice_reminders where invoice_id = any(cast(? as bigint[]))",
                "{" + String.join(",", handles) + "}")).isZero();
        assertThat(erased.evidence().verification()).contains("invoice_reminders, payments, invoice_lines");
        // the customer row, anonymised and referenced by nothing any more, is gone too
        assertThat(client.count("select count(*) from customers where id = ?", customer)).isZero();
        assertThat(client.count("select count(*) from invoices where customer_id <> ?", customer))
                .isEqualTo(otherInvoices);

        // Again (a re-dispatch): nothing left, NOT_FOUND. A malformed handle: FAILED, permanent.
        ProcessorCommandV1 repeat = client.deferredErase(command.subject().pseudonym(), "invoices", handles);
        client.send(repeat);
        assertThat(client.awaitOutcomes(repeat.requestId(), 1, WAIT).get(0).status())
                .isEqualTo(OutcomeStatus.NOT_FOUND);
        ProcessorCommandV1 malformed = client.deferredErase(command.subject().pseudonym(), "invoices",
                List.of("1; drop table invoices"));
        client.send(malformed);
        ProcessorOutcomeV1 bad = client.awaitOutcomes(malformed.requestId(), 1, WAIT).get(0);
        assertThat(bad.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(bad.failure().reason()).startsWith("malformed retention handle");
    }

    @Test
    void aSubjectWithoutInvoicesRetainsNothing() {
        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email(SampleSubjects.ERIK.email()), ERASURE);
        client.send(command);
        assertThat(client.awaitOutcomes(command.requestId(), 3, WAIT)).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(OutcomeStatus.NOT_FOUND);
            assertThat(o.retention()).isNull();
        });
    }

    @Test
    void deadLettersBadMessagesAndKeepsConsuming() {
        String garbage = "\u0000" + UUID.randomUUID();
        client.sendRaw("k", garbage);
        ProcessorCommandV1 good = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email(SampleSubjects.BJORN.email()),
                List.of(new CategoryCommand("payment-methods", Action.ERASE)));
        client.send(good);
        assertThat(AdapterTestClient.header(client.awaitDeadLetter(r -> garbage.equals(r.value()), WAIT),
                "dead-letter-reason")).isNotBlank();
        assertThat(client.awaitOutcomes(good.requestId(), 1, WAIT).get(0).status()).isEqualTo(OutcomeStatus.ERASED);
    }

    private String snapshot(SamplePerson person) {
        long id = person.number();
        return client.rows("select * from customers where id = ?", id) + "|"
                + client.rows("select * from payment_methods where customer_id = ? order by id", id) + "|"
                + client.rows("select * from invoices where customer_id = ? order by id", id) + "|"
                + client.rows("select * from invoice_lines where invoice_id in (select id from invoices where"
                        + " customer_id = ?) order by id", id);
    }

    static Map<String, ProcessorOutcomeV1> byCategory(List<ProcessorOutcomeV1> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(ProcessorOutcomeV1::category, o -> o));
    }
}
