package org.dsr.adapter.kit.datamap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.contracts.event.Jurisdiction;
import org.junit.jupiter.api.Test;

/** How long a data map keeps a subject's rows, and when a deferred erasure is refused before any statement. */
class KeepRulesTest {

    static final DataMap.Retain BOOKKEEPING = new DataMap.Retain(
            true,
            null,
            "booked_on",
            Map.of(Jurisdiction.DK, MonthDay.of(6, 30)),
            "restricted",
            "retain_until",
            null,
            List.of(),
            List.of());
    static final DataMap.Retain TWO_YEARS = new DataMap.Retain(
            false, Period.ofYears(2), "created_on", null, null, "retain_until", null, List.of(), List.of());

    @Test
    void bookkeepingRowsAreKeptThroughTheJurisdictionsPeriodAfterTheirFiscalYear() {
        // given a row booked in March 2026
        LocalDate booked = LocalDate.parse("2026-03-15");

        // when / then: SE keeps through the seventh calendar year after the fiscal year (ending 12-31)
        assertThat(KeepRules.retainUntil(BOOKKEEPING, Jurisdiction.SE, booked, null))
                .isEqualTo(LocalDate.parse("2033-12-31"));
        // DK: five years from the end of the company's fiscal year (06-30 here)
        assertThat(KeepRules.retainUntil(BOOKKEEPING, Jurisdiction.DK, booked, null))
                .isEqualTo(LocalDate.parse("2031-06-30"));
    }

    @Test
    void aRowIsKeptForTheMapsPeriodAfterItsDateWhenItIsNotBookkeeping() {
        assertThat(KeepRules.retainUntil(TWO_YEARS, Jurisdiction.SE, LocalDate.parse("2026-03-15"), null))
                .isEqualTo(LocalDate.parse("2028-03-15"));
    }

    @Test
    void aRetentionAnEarlierRequestSetIsNeverShortenedButALaterOneReplacesAShorterOne() {
        LocalDate booked = LocalDate.parse("2026-03-15");

        assertThat(KeepRules.retainUntil(TWO_YEARS, Jurisdiction.SE, booked, LocalDate.parse("2030-01-01")))
                .isEqualTo(LocalDate.parse("2030-01-01"));
        assertThat(KeepRules.retainUntil(TWO_YEARS, Jurisdiction.SE, booked, LocalDate.parse("2027-01-01")))
                .isEqualTo(LocalDate.parse("2028-03-15"));
    }

    @Test
    void keepingRowsNamesTheLatestDateTheLegalBasisAndTheIdsAsHandles() {
        // given two bookkeeping rows of the subject, one already kept longer by an earlier request
        List<KeepRules.KeptRow> rows = List.of(
                new KeepRules.KeptRow(17L, LocalDate.parse("2024-05-01"), null),
                new KeepRules.KeptRow(23L, LocalDate.parse("2025-05-01"), LocalDate.parse("2040-12-31")));

        // when
        KeepRules.Kept kept = KeepRules.keep(rows, BOOKKEEPING, Jurisdiction.SE, "the category's own basis");

        // then
        assertThat(kept.ids()).containsExactly(17L, 23L);
        assertThat(kept.untils()).containsExactly("2031-12-31", "2040-12-31");
        assertThat(kept.retention().retainUntil()).isEqualTo(LocalDate.parse("2040-12-31"));
        assertThat(kept.retention().legalBasis())
                .isEqualTo("SE: Bokföringslagen (1999:1078) 7 kap. 2 §; GDPR Art. 17(3)(b)");
        assertThat(kept.retention().handles()).containsExactly("17", "23");
    }

    @Test
    void rowsKeptForTheMapsPeriodCarryTheCategorysLegalBasis() {
        KeepRules.Kept kept = KeepRules.keep(
                List.of(new KeepRules.KeptRow("a-1", LocalDate.parse("2026-01-01"), null)),
                TWO_YEARS,
                Jurisdiction.DK,
                "contract, Art. 6(1)(b)");

        assertThat(kept.retention().legalBasis()).isEqualTo("contract, Art. 6(1)(b)");
        assertThat(kept.retention().handles()).containsExactly("a-1");
    }

    @Test
    void aDeferredErasureWithoutHandlesOrWithAMalformedOneIsRefusedBeforeAnyStatement() {
        // given / when / then
        CategoryResult none =
                KeepRules.refusedHandles(List.of(), "orders", "id", "bigint").orElseThrow();
        assertThat(none.failure().reason()).isEqualTo("deferred erasure names no retention handles");
        assertThat(none.failure().retryable()).isFalse();
        assertThat(none.verification()).isEqualTo("not examined: no action was taken");
        assertThat(KeepRules.refusedHandles(null, "orders", "id", "bigint")).isPresent();

        CategoryResult malformed = KeepRules.refusedHandles(List.of("17", "17 or 1=1"), "orders", "id", "bigint")
                .orElseThrow();
        assertThat(malformed.failure().reason())
                .isEqualTo("malformed retention handle: orders.id values (bigint)" + " expected");

        assertThat(KeepRules.refusedHandles(List.of("17", "-4"), "orders", "id", "bigint"))
                .isEmpty();
        assertThat(KeepRules.refusedHandles(List.of("0b9f8c3e-1d2a-4f5b-8c7d-6e5f4a3b2c1d"), "t", "id", "uuid"))
                .isEmpty();
        assertThat(KeepRules.refusedHandles(List.of("not-a-uuid"), "t", "id", "uuid"))
                .isPresent();
        assertThat(KeepRules.refusedHandles(List.of("12.50"), "t", "id", "numeric"))
                .isEmpty();
        assertThat(KeepRules.refusedHandles(List.of(""), "t", "id", "text")).isPresent();
    }
}
