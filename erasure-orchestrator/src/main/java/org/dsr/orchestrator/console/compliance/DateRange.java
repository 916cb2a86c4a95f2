package org.dsr.orchestrator.console.compliance;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The days of an export as typed ({@code from}, {@code to}: YYYY-MM-DD, both inclusive, in UTC) and the instants
 * they cover: [from 00:00 UTC, the day after to 00:00 UTC).
 */
public record DateRange(String from, String to, Instant start, Instant end) {

    /** The range, or empty when a date is missing or not valid or from is after to. */
    public static Optional<DateRange> parse(String from, String to) {
        if (from == null || to == null) {
            return Optional.empty();
        }
        try {
            LocalDate first = LocalDate.parse(from.strip());
            LocalDate last = LocalDate.parse(to.strip());
            if (last.isBefore(first)) {
                return Optional.empty();
            }
            return Optional.of(new DateRange(
                    from.strip(),
                    to.strip(),
                    first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The query string the export's downloads carry. */
    public String query() {
        return "?from=" + from + "&to=" + to;
    }

    /** {@code <from>_<to>}, for the downloads' file names. */
    public String fileSuffix() {
        return from + "_" + to;
    }
}
