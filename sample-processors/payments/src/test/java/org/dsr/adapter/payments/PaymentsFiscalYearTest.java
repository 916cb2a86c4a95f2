package org.dsr.adapter.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import jakarta.inject.Inject;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dsr.adapter.kit.sample.SampleSubjects;
import org.dsr.adapter.kit.testing.DataMapRun;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fiscal-year end is the data map's, per jurisdiction: with Danish fiscal years ending 30 June (and SE not given,
 * so 31 December) each invoice is kept five years from the 30 June on or after its issue date. The test map is run on
 * its own database (retain-until is never shortened, so the main map's runs must not touch these invoices first).
 */
@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "database", value = "payments_fiscal_test"),
            @ResourceArg(name = "kafka", value = "false")
        })
@RealInfrastructureTest
class PaymentsFiscalYearTest {

    static final String MAP = "data-map-dk-fiscal-year.yaml";

    @Inject
    AgroalDataSource dataSource;

    DataMapRun map;

    @BeforeEach
    void load() {
        map = DataMapRun.load(dataSource, MAP);
    }

    @Test
    void theTestMapIsPaymentsOwnWithOnlyTheFiscalYearEndChanged() {
        String main = resource("data-map.yaml");
        String test = resource(MAP);
        assertThat(test.lines().filter(l -> !l.startsWith("#")).toList())
                .isEqualTo(main.replace(
                                "fiscal-year-end: { SE: \"12-31\", DK: \"12-31\" }",
                                "fiscal-year-end: { DK: \"06-30\" }")
                        .lines()
                        .filter(l -> !l.startsWith("#"))
                        .toList());
    }

    @Test
    void danishInvoicesAreKeptFiveYearsFromTheirOwnFiscalYearEnd() {
        long customer = SampleSubjects.FREJA.number();
        ProcessorOutcomeV1 invoices = map.run(
                        RequestType.ERASURE,
                        Jurisdiction.DK,
                        PaymentsOwnSystemTest.pseudonym(),
                        List.of(new Identifier(IdentifierType.CUSTOMER_NUMBER, "c-2001")),
                        PaymentsOwnSystemTest.ERASURE)
                .outcome("invoices");
        assertThat(invoices.status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(invoices.retention().legalBasis()).startsWith("DK: Bogføringsloven § 12");

        List<List<Object>> rows = map.rows(
                "select cast(issued_on as text), cast(retained_until as text) from"
                        + " invoices where customer_id = ? order by id",
                customer);
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
        ProcessorOutcomeV1 invoices = map.run(
                        RequestType.ERASURE,
                        Jurisdiction.SE,
                        PaymentsOwnSystemTest.pseudonym(),
                        PaymentsOwnSystemTest.email(SampleSubjects.ALICE.email()),
                        PaymentsOwnSystemTest.ERASURE)
                .outcome("invoices");
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
