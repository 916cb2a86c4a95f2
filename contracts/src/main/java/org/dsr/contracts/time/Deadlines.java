package org.dsr.contracts.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.dsr.contracts.event.Jurisdiction;

/**
 * Art. 12(3): an answer is due one month after receipt. Following Regulation 1182/71 on time limits, a period in
 * months ends with the last hour of the day in the later month that has the same date as the day of receipt, or of
 * that month's last day when the date does not exist there (31 January + 1 month = 28/29 February). Dates are the
 * calendar dates of the jurisdiction's own zone.
 */
public final class Deadlines {

    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

    private Deadlines() {}

    public static Instant dueAt(Instant receivedAt, Jurisdiction jurisdiction) {
        return plusMonths(receivedAt, jurisdiction, 1);
    }

    public static Instant plusMonths(Instant from, Jurisdiction jurisdiction, int months) {
        LocalDate start = LocalDate.ofInstant(from, jurisdiction.zone());
        return start.plusMonths(months)
                .atTime(END_OF_DAY)
                .atZone(jurisdiction.zone())
                .toInstant();
    }
}
