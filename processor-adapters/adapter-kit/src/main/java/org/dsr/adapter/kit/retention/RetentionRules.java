package org.dsr.adapter.kit.retention;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsr.contracts.event.Jurisdiction;

/**
 * How long bookkeeping records are kept, from the end of the fiscal year they belong to (retain-until is the last
 * day kept, inclusive). The fiscal year is the company's: it ends every year on a configured month and day
 * (a data map's RETAIN {@code fiscal-year-end}, per jurisdiction; {@code 02-29} means the
 * last day of February).
 */
public final class RetentionRules {

    private static final Pattern MONTH_DAY = Pattern.compile("(\\d{2})-(\\d{2})");

    private RetentionRules() {}

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

    /** Retain-until of a record booked on {@code bookedOn} by a company whose fiscal year ends on {@code end}. */
    public static LocalDate retainUntil(Jurisdiction jurisdiction, LocalDate bookedOn, MonthDay end) {
        return retainUntil(jurisdiction, fiscalYearEnd(bookedOn, end));
    }

    /**
     * The last day of the fiscal year {@code date} falls in: the first day on or after it that is the fiscal-year
     * end of its year. A 29 February end is the last day of February (28 February in common years).
     */
    public static LocalDate fiscalYearEnd(LocalDate date, MonthDay end) {
        LocalDate candidate = lastDay(end, date.getYear());
        return candidate.isBefore(date) ? lastDay(end, date.getYear() + 1) : candidate;
    }

    private static LocalDate lastDay(MonthDay end, int year) {
        return end.atYear(year); // 02-29 in a common year is 28 February
    }

    /** {@code MM-dd}, e.g. {@code 06-30}; fails with a message naming the property. */
    public static MonthDay parseFiscalYearEnd(String property, String value) {
        Matcher m = value == null ? null : MONTH_DAY.matcher(value.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(property + ": fiscal-year end must be MM-dd, e.g. 12-31 or 06-30");
        }
        try {
            return MonthDay.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(property + ": no such day: " + value.strip());
        }
    }

    public static String legalBasis(Jurisdiction jurisdiction) {
        return switch (jurisdiction) {
            case SE -> "SE: Bokföringslagen (1999:1078) 7 kap. 2 §; GDPR Art. 17(3)(b)";
            case DK -> "DK: Bogføringsloven § 12; GDPR Art. 17(3)(b)";
        };
    }
}
