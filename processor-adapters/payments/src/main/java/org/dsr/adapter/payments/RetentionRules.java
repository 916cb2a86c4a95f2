package org.dsr.adapter.payments;

import java.time.LocalDate;

import org.dsr.contracts.event.Jurisdiction;

/**
 * How long bookkeeping records are kept, from the end of the fiscal year they concern (retain-until is the last
 * day kept, inclusive). Fiscal year = calendar year for now; the fiscal-year end is stored per invoice, so a broken
 * fiscal year only changes the data, not these rules.
 */
public final class RetentionRules {

    private RetentionRules() {
    }

    /**
     * SE, Bokföringslagen (1999:1078) 7 kap. 2 §: through the seventh year after the end of the calendar year in
     * which the fiscal year ended. DK, bogføringsloven § 12: five years from the end of the fiscal year (a 29
     * February end becomes 28 February).
     */
    public static LocalDate retainUntil(Jurisdiction jurisdiction, LocalDate fiscalYearEnd) {
        return switch (jurisdiction) {
            case SE -> LocalDate.of(fiscalYearEnd.getYear() + 7, 12, 31);
            case DK -> fiscalYearEnd.plusYears(5);
        };
    }

    public static String legalBasis(Jurisdiction jurisdiction) {
        return switch (jurisdiction) {
            case SE -> "SE: Bokföringslagen (1999:1078) 7 kap. 2 §; GDPR Art. 17(3)(b)";
            case DK -> "DK: Bogføringsloven § 12; GDPR Art. 17(3)(b)";
        };
    }
}
