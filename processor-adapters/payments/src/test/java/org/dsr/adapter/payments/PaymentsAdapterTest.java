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
@QuarkusTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database",
        value = "payments_test"))
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
        ProcessorCommandV1 again = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email(alice.email()), ERASURE);
        client.send(again);
        assertThat(client.awaitOutcomes(again.requestId(), 3, WAIT))
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.NOT_FOUND));
        assertThat(client.outcomes(command.requestId())).hasSize(3);
    }

    @Test
    void danishInvoicesAreKeptFiveYearsFromFiscalYearEnd() {
        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.DK,
                List.of(new Identifier(IdentifierType.CUSTOMER_NUMBER, "c-2001")), ERASURE);
        client.send(command);
        ProcessorOutcomeV1 invoices = byCategory(client.awaitOutcomes(command.requestId(), 3, WAIT)).get("invoices");
        assertThat(invoices.status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(invoices.retention().retainUntil()).isEqualTo(LocalDate.of(2030, 12, 31));
        assertThat(invoices.retention().legalBasis()).startsWith("DK: Bogføringsloven § 12");
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
