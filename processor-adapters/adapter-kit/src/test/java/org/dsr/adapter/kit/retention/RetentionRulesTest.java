package org.dsr.adapter.kit.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.MonthDay;
import org.dsr.contracts.event.Jurisdiction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionRulesTest {

    @ParameterizedTest(name = "{0} fiscal year ending {1} kept through {2}")
    @CsvSource({
        // SE: through the 7th year after the calendar year in which the fiscal year ended
        "SE, 2025-12-31, 2032-12-31",
        "SE, 2024-12-31, 2031-12-31",
        "SE, 2024-02-29, 2031-12-31",
        "SE, 2025-06-30, 2032-12-31",
        "SE, 2020-01-31, 2027-12-31",
        // DK: 5 years from the end of the fiscal year
        "DK, 2025-12-31, 2030-12-31",
        "DK, 2023-12-31, 2028-12-31",
        "DK, 2024-02-29, 2029-02-28",
        "DK, 2025-06-30, 2030-06-30"
    })
    void retainUntil(Jurisdiction jurisdiction, LocalDate fiscalYearEnd, LocalDate expected) {
        assertThat(RetentionRules.retainUntil(jurisdiction, fiscalYearEnd)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}, fiscal year ends {1}, booked {2}: fiscal year ends {3}, kept through {4}")
    @CsvSource({
        // calendar fiscal year
        "SE, 12-31, 2025-01-01, 2025-12-31, 2032-12-31",
        "SE, 12-31, 2025-12-31, 2025-12-31, 2032-12-31",
        "DK, 12-31, 2024-02-29, 2024-12-31, 2029-12-31",
        // fiscal year 1 July - 30 June: a booking in the second half belongs to the next calendar year's end
        "SE, 06-30, 2025-06-30, 2025-06-30, 2032-12-31",
        "SE, 06-30, 2025-07-01, 2026-06-30, 2033-12-31",
        "DK, 06-30, 2025-07-01, 2026-06-30, 2031-06-30",
        "DK, 06-30, 2025-01-15, 2025-06-30, 2030-06-30",
        // fiscal year 1 May - 30 April
        "SE, 04-30, 2024-12-01, 2025-04-30, 2032-12-31",
        "DK, 04-30, 2025-05-01, 2026-04-30, 2031-04-30",
        // fiscal year ending on the last day of February (02-29): 28 February in common years
        "DK, 02-29, 2024-02-29, 2024-02-29, 2029-02-28",
        "DK, 02-29, 2024-03-01, 2025-02-28, 2030-02-28",
        "DK, 02-29, 2027-03-01, 2028-02-29, 2033-02-28",
        "DK, 02-29, 2025-02-28, 2025-02-28, 2030-02-28",
        "SE, 02-29, 2024-02-29, 2024-02-29, 2031-12-31",
        "SE, 02-29, 2027-12-31, 2028-02-29, 2035-12-31",
        // a booking on 29 February with a fiscal year ending 28 February belongs to the next fiscal year
        "DK, 02-28, 2024-02-29, 2025-02-28, 2030-02-28",
        // fiscal year ending 31 January
        "SE, 01-31, 2025-01-31, 2025-01-31, 2032-12-31",
        "SE, 01-31, 2025-02-01, 2026-01-31, 2033-12-31"
    })
    void retainUntilWithAConfiguredFiscalYear(
            Jurisdiction jurisdiction, String end, LocalDate bookedOn, LocalDate fiscalYearEnd, LocalDate expected) {
        MonthDay monthDay = RetentionRules.parseFiscalYearEnd("test", end);
        assertThat(RetentionRules.fiscalYearEnd(bookedOn, monthDay)).isEqualTo(fiscalYearEnd);
        assertThat(RetentionRules.retainUntil(jurisdiction, bookedOn, monthDay)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "fiscal-year end {0} refused")
    @CsvSource({"13-01", "02-30", "6-30", "12/31", "''"})
    void badFiscalYearEndsNameTheProperty(String value) {
        assertThatThrownBy(() -> RetentionRules.parseFiscalYearEnd("dsr.payments.fiscal-year-end", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dsr.payments.fiscal-year-end: ");
    }
}
