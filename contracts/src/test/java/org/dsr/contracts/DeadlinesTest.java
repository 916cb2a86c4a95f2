package org.dsr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.time.Deadlines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeadlinesTest {

    @ParameterizedTest(name = "{0} received in {1} is due {2}")
    @CsvSource({
        // ends with the last second of the same date one month later, local time (CEST = UTC+2)
        "2026-03-15T09:00:00Z, SE, 2026-04-15T21:59:59Z",
        // 31 January: February has no 31st, so the month ends on its last day (CET = UTC+1)
        "2026-01-31T10:00:00Z, SE, 2026-02-28T22:59:59Z",
        "2028-01-31T10:00:00Z, DK, 2028-02-29T22:59:59Z",
        // late evening UTC is already 1 June in Stockholm: the local date counts
        "2026-05-31T22:30:00Z, SE, 2026-07-01T21:59:59Z",
        "2026-12-31T12:00:00Z, DK, 2027-01-31T22:59:59Z"
    })
    void dueOneMonthAfterReceipt(Instant received, Jurisdiction jurisdiction, Instant due) {
        assertThat(Deadlines.dueAt(received, jurisdiction)).isEqualTo(due);
    }
}
