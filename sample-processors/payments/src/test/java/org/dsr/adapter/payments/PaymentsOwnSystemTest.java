package org.dsr.adapter.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.inject.Inject;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.dsr.adapter.kit.sample.SamplePerson;
import org.dsr.adapter.kit.sample.SampleSubjects;
import org.dsr.adapter.kit.testing.DataMapRun;
import org.dsr.adapter.kit.testing.PlatformApiTestKey;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.problem.Problem;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Payments as what it is now: the processor's own system (schema, sample data, the invoice reminders API) and the data
 * map it publishes, which the connector runs against this database. No Kafka is started: the system must not need it.
 * The map is run here as the connector's {@code sql} kind runs it ({@link DataMapRun}): invoices kept for bookkeeping
 * (restricted, a retain-until per jurisdiction, the request's pseudonym stored with them), erased later by the deferred
 * erasure once retention has ended.
 */
@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "database", value = "payments_test"),
            @ResourceArg(name = "kafka", value = "false")
        })
@RealInfrastructureTest
class PaymentsOwnSystemTest {

    static final List<CategoryCommand> ERASURE = List.of(
            new CategoryCommand("payment-methods", Action.ERASE),
            new CategoryCommand("customer-profile", Action.ANONYMISE),
            new CategoryCommand("invoices", Action.RETAIN));

    @Inject
    AgroalDataSource dataSource;

    DataMapRun map;

    @BeforeEach
    void load() {
        map = DataMapRun.load(dataSource, "data-map.yaml");
    }

    @Test
    void readyWithoutKafkaAndTheDataMapFitsTheSchema() {
        // kafka.bootstrap.servers points at a port nothing listens on
        RestAssured.get("/q/health/ready").then().statusCode(200);
        RestAssured.get("/api/v1/keys").then().statusCode(404);
        assertThat(map.count("select count(*) from customers where id = ?", SampleSubjects.CARL.number()))
                .isOne();
        assertThat(map.categories())
                .isEqualTo(Map.of(
                        "payment-methods", Set.of(Action.ERASE),
                        "invoices", Set.of(Action.RETAIN, Action.DEFERRED_ERASE),
                        "customer-profile", Set.of(Action.ANONYMISE)));
        assertThat(map.engine().unindexedLookups()).isEmpty();
    }

    @Test
    void erasesPaymentMethodsAnonymisesTheCustomerAndRetainsInvoicesForBookkeeping() {
        SamplePerson alice = SampleSubjects.ALICE;
        long customer = alice.number();
        long invoices = map.count("select count(*) from invoices where customer_id = ?", customer);
        long lines = map.count("select count(*) from invoice_lines");
        assertThat(invoices).isEqualTo(2);
        String carlBefore = snapshot(SampleSubjects.CARL);
        String pseudonym = pseudonym();

        DataMapRun.Result run = map.run(RequestType.ERASURE, Jurisdiction.SE, pseudonym, email(alice.email()), ERASURE);

        assertThat(run.outcome("payment-methods").status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(run.outcome("customer-profile").status()).isEqualTo(OutcomeStatus.ANONYMISED);
        ProcessorOutcomeV1 retained = run.outcome("invoices");
        assertThat(retained.status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(retained.evidence().rowsAffected()).isEqualTo(invoices);
        assertThat(retained.retention().retainUntil()).isEqualTo(LocalDate.of(2032, 12, 31));
        assertThat(retained.retention().legalBasis()).startsWith("SE: Bokföringslagen (1999:1078) 7 kap. 2 §");
        assertThat(retained.retention().handles())
                .containsExactlyInAnyOrderElementsOf(
                        map.rows("select cast(id as text) from invoices where customer_id = ?", customer).stream()
                                .map(r -> (String) r.get(0))
                                .toList());
        assertThat(run.outcomes().values())
                .allSatisfy(o -> assertThat(o.evidence().remainingMatches()).isZero());

        assertThat(map.count("select count(*) from payment_methods where customer_id = ?", customer))
                .isZero();
        assertThat(map.count(
                        "select count(*) from customers where id = ? and email is null and phone is null"
                                + " and address is null and customer_number is null and name = '[anonymised]'",
                        customer))
                .isEqualTo(1);
        assertThat(map.count(
                        "select count(*) from invoices where customer_id = ? and restricted"
                                + " and buyer_name = ? and retained_until is not null and retained_for = ?",
                        customer,
                        alice.fullName(),
                        pseudonym))
                .isEqualTo(invoices);
        assertThat(map.count("select count(*) from invoice_lines")).isEqualTo(lines);
        assertThat(snapshot(SampleSubjects.CARL)).isEqualTo(carlBefore);

        // Re-dispatch with the same subject after the customer lost its identifiers: the invoices are still found
        // (by the request's pseudonym stored with them) and still reported RETAINED, never NOT_FOUND.
        DataMapRun.Result second =
                map.run(RequestType.ERASURE, Jurisdiction.SE, pseudonym, email(alice.email()), ERASURE);
        assertThat(second.outcome("invoices").status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(second.outcome("invoices").retention()).isEqualTo(retained.retention());
        assertThat(second.outcome("payment-methods").status()).isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(second.outcome("customer-profile").status()).isEqualTo(OutcomeStatus.NOT_FOUND);

        // Retained invoices are restricted: a reminder (processing) is refused, answered exactly as for an invoice
        // that never existed (nothing tells the caller the customer was erased); an unrestricted one is sent.
        String aliceInvoice = invoiceNumber(customer);
        Response retainedReminder = remind(aliceInvoice);
        String neverIssued = "INV-NEVER-" + UUID.randomUUID().toString().substring(0, 8);
        Response unknownReminder = remind(neverIssued);
        assertThat(retainedReminder.statusCode()).isEqualTo(404).isEqualTo(unknownReminder.statusCode());
        assertThat(retainedReminder.contentType()).isEqualTo(unknownReminder.contentType());
        // the same problem, but for the path it names (instance)
        assertThat(retainedReminder.asString().replace(aliceInvoice, "{number}"))
                .isEqualTo(unknownReminder.asString().replace(neverIssued, "{number}"));
        assertThat(map.count(
                        "select count(*) from invoice_reminders r join invoices i on i.id = r.invoice_id"
                                + " where i.customer_id = ?",
                        customer))
                .isZero();
        remind(invoiceNumber(SampleSubjects.CARL.number())).then().statusCode(201);
    }

    @Test
    void remindersRefuseACallerWithoutThePlatformsKeyAndSendNothing() {
        String invoice = invoiceNumber(SampleSubjects.CARL.number());
        long reminders = map.count("select count(*) from invoice_reminders");
        for (String key : new String[] {null, "", "wrong-" + PlatformApiTestKey.KEY}) {
            var spec = RestAssured.given();
            if (key != null) {
                spec = spec.header(PlatformApiTestKey.HEADER, key);
            }
            spec.post("/api/v1/invoices/" + invoice + "/reminders")
                    .then()
                    .statusCode(401)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("title", equalTo("Unauthorized"));
        }
        assertThat(map.count("select count(*) from invoice_reminders")).isEqualTo(reminders);
    }

    @Test
    void danishInvoicesAreKeptFiveYearsFromFiscalYearEndThenErasedByTheDeferredErasure() {
        long customer = SampleSubjects.FREJA.number();
        // a reminder sent before the erasure: processing of an invoice, deleted with it when retention ends
        remind(invoiceNumber(customer)).then().statusCode(201);
        String pseudonym = pseudonym();
        ProcessorOutcomeV1 invoices = map.run(
                        RequestType.ERASURE,
                        Jurisdiction.DK,
                        pseudonym,
                        List.of(new Identifier(IdentifierType.CUSTOMER_NUMBER, "c-2001")),
                        ERASURE)
                .outcome("invoices");
        assertThat(invoices.status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(invoices.retention().retainUntil()).isEqualTo(LocalDate.of(2030, 12, 31));
        assertThat(invoices.retention().legalBasis()).startsWith("DK: Bogføringsloven § 12");
        List<String> handles = invoices.retention().handles();
        assertThat(handles).hasSize(2);
        String byHandles = "{" + String.join(",", handles) + "}";

        // Deferred erasure before retention ends: refused, nothing deleted.
        ProcessorOutcomeV1 refused = map.deferredErase(pseudonym, "invoices", handles);
        assertThat(refused.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(refused.failure().retryable()).isFalse();
        assertThat(refused.failure().reason()).contains("still within their retention period");
        assertThat(map.count("select count(*) from invoices where customer_id = ?", customer))
                .isEqualTo(2);
        assertThat(map.count(
                        "select count(*) from invoice_reminders where invoice_id = any(cast(? as bigint[]))",
                        byHandles))
                .isOne();

        // Retention over (moved into the past here): the deferred erasure removes what was retained.
        map.execute("update invoices set retained_until = current_date - 1 where customer_id = ?", customer);
        long otherInvoices = map.count("select count(*) from invoices where customer_id <> ?", customer);
        ProcessorOutcomeV1 erased = map.deferredErase(pseudonym, "invoices", handles);
        assertThat(erased.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(erased.action()).isEqualTo(Action.DEFERRED_ERASE);
        assertThat(erased.evidence().rowsAffected()).isEqualTo(2);
        assertThat(erased.evidence().remainingMatches()).isZero();
        assertThat(erased.evidence().verification()).contains("invoice_reminders, payments, invoice_lines");
        assertThat(map.count("select count(*) from invoices where customer_id = ?", customer))
                .isZero();
        for (String table : List.of("invoice_lines", "payments", "invoice_reminders")) {
            assertThat(map.count(
                            "select count(*) from " + table + " where invoice_id = any(cast(? as bigint[]))",
                            byHandles))
                    .as(table)
                    .isZero();
        }
        // the customer row, anonymised and referenced by nothing any more, is gone too
        assertThat(map.count("select count(*) from customers where id = ?", customer))
                .isZero();
        assertThat(map.count("select count(*) from invoices where customer_id <> ?", customer))
                .isEqualTo(otherInvoices);

        // Again (a re-dispatch): nothing left, NOT_FOUND. A malformed handle: FAILED, permanent.
        assertThat(map.deferredErase(pseudonym, "invoices", handles).status()).isEqualTo(OutcomeStatus.NOT_FOUND);
        ProcessorOutcomeV1 bad = map.deferredErase(pseudonym, "invoices", List.of("1; drop table invoices"));
        assertThat(bad.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(bad.failure().retryable()).isFalse();
        assertThat(bad.failure().reason()).startsWith("malformed retention handle");
        assertThat(map.count("select count(*) from invoices")).isPositive();
    }

    @Test
    void aSubjectWithoutInvoicesRetainsNothing() {
        DataMapRun.Result run =
                map.run(RequestType.ERASURE, Jurisdiction.SE, pseudonym(), email(SampleSubjects.ERIK.email()), ERASURE);
        assertThat(run.outcomes().values()).hasSize(3).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(OutcomeStatus.NOT_FOUND);
            assertThat(o.retention()).isNull();
        });
    }

    private static Response remind(String invoiceNumber) {
        return RestAssured.given()
                .header(PlatformApiTestKey.HEADER, PlatformApiTestKey.KEY)
                .post("/api/v1/invoices/" + invoiceNumber + "/reminders");
    }

    /** The subject's pseudonym as the orchestrator derives it: opaque here. */
    static String pseudonym() {
        return "ps-" + UUID.randomUUID();
    }

    static List<Identifier> email(String address) {
        return List.of(new Identifier(IdentifierType.EMAIL, address));
    }

    private String invoiceNumber(long customer) {
        return (String)
                map.rows("select invoice_number from invoices where customer_id = ? order by id limit 1", customer)
                        .get(0)
                        .get(0);
    }

    private String snapshot(SamplePerson person) {
        long id = person.number();
        return map.rows("select * from customers where id = ?", id) + "|"
                + map.rows("select * from payment_methods where customer_id = ? order by id", id) + "|"
                + map.rows("select * from invoices where customer_id = ? order by id", id) + "|"
                + map.rows(
                        "select * from invoice_lines where invoice_id in (select id from invoices where"
                                + " customer_id = ?) order by id",
                        id);
    }
}
