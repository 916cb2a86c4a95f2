package org.dsr.adapter.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.dsr.contracts.event.Jurisdiction;

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
            "DK, 2025-06-30, 2030-06-30" })
    void retainUntil(Jurisdiction jurisdiction, LocalDate fiscalYearEnd, LocalDate expected) {
        assertThat(RetentionRules.retainUntil(jurisdiction, fiscalYearEnd)).isEqualTo(expected);
    }
}
