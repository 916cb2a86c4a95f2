package org.dsr.adapter.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import org.dsr.adapter.kit.sample.SampleSubjects;
import org.dsr.adapter.kit.testing.AdapterTestClient;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.testsupport.RealInfrastructureResource;

/**
 * The fiscal-year end is the data map's, per jurisdiction: with Danish fiscal years ending 30 June (and SE not given,
 * so 31 December) each invoice is kept five years from the 30 June on or after its issue date.
 */
@QuarkusTest
@TestProfile(PaymentsFiscalYearTest.DanishFiscalYear.class)
@QuarkusTestResource(value = RealInfrastructureResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "database", value = "payments_fiscal_test"),
        @ResourceArg(name = "processors", value = "payments") })
class PaymentsFiscalYearTest {

    static final String MAP = "data-map-dk-fiscal-year.yaml";
    static final Duration WAIT = Duration.ofSeconds(30);

    public static class DanishFiscalYear implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dsr.adapter.data-map", MAP);
        }
    }

    @Inject
    SubjectKeys keys;

    AdapterTestClient client;

    @BeforeEach
    void setUp() {
        client = new AdapterTestClient("payments", "payments_fiscal_test", keys);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void theTestMapIsPaymentsOwnWithOnlyTheFiscalYearEndChanged() {
        String main = resource("data-map.yaml");
        String test = resource(MAP);
        assertThat(test.lines().filter(l -> !l.startsWith("#")).toList()).isEqualTo(main
                .replace("fiscal-year-end: { SE: \"12-31\", DK: \"12-31\" }", "fiscal-year-end: { DK: \"06-30\" }")
                .lines().filter(l -> !l.startsWith("#")).toList());
    }

    @Test
    void danishInvoicesAreKeptFiveYearsFromTheirOwnFiscalYearEnd() {
        long customer = SampleSubjects.FREJA.number();
        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.DK,
                List.of(new Identifier(IdentifierType.CUSTOMER_NUMBER, "c-2001")), PaymentsAdapterTest.ERASURE);
        client.send(command);
        ProcessorOutcomeV1 invoices = PaymentsAdapterTest.byCategory(client.awaitOutcomes(command.requestId(), 3,
                WAIT)).get("invoices");
        assertThat(invoices.status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(invoices.retention().legalBasis()).startsWith("DK: Bogføringsloven § 12");

        List<List<Object>> rows = client.rows("select cast(issued_on as text), cast(retained_until as text) from"
                + " invoices where customer_id = ? order by id", customer);
        assertThat(rows).hasSize(2);
        LocalDate latest = LocalDate.MIN;
        for (List<Object> row : rows) {
            LocalDate expected = danishRetainUntil(LocalDate.parse((String) row.get(0)));
            assertThat(LocalDate.parse((String) row.get(1))).isEqualTo(expected);
            latest = expected.isAfter(latest) ? expected : latest;
        }
        assertThat(invoices.retention().retainUntil()).isEqualTo(latest);
        assertThat(latest.getMonthValue()).isEqualTo(6);
        assertThat(latest.getDayOfMonth()).isEqualTo(30);
    }

    @Test
    void aJurisdictionNotGivenKeepsTheCalendarYear() {
        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email(SampleSubjects.ALICE.email()), PaymentsAdapterTest.ERASURE);
        client.send(command);
        ProcessorOutcomeV1 invoices = PaymentsAdapterTest.byCategory(client.awaitOutcomes(command.requestId(), 3,
                WAIT)).get("invoices");
        assertThat(invoices.status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(invoices.retention().retainUntil()).isEqualTo(LocalDate.of(2032, 12, 31));
    }

    /** Bogføringsloven § 12: five years from the end of the fiscal year (ending 30 June) the invoice belongs to. */
    static LocalDate danishRetainUntil(LocalDate issued) {
        LocalDate end = LocalDate.of(issued.getYear(), 6, 30);
        return (end.isBefore(issued) ? end.plusYears(1) : end).plusYears(5);
    }

    private static String resource(String name) {
        try (InputStream in = PaymentsFiscalYearTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
