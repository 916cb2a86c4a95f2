package org.dsr.orchestrator.console.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dsr.orchestrator.console.compliance.CompletionSummaryCsv.Row;
import org.junit.jupiter.api.Test;

/** The export's summary.csv as Commons CSV writes it: same header and lines as before, RFC 4180 quoting. */
class CompletionSummaryCsvTest {

    private static final String HEADER = "sequence,version,request_id,request_type,jurisdiction,status,received_at,"
            + "due_at,completed_at,on_time,erased,anonymised,restricted,lifted,retained,not_found,record_hash\r\n";

    private static Row row(String status) {
        return new Row(
                7,
                2,
                "2dd81ae9-db20-4cc2-82b5-93e9c870e875",
                "ERASURE",
                "SE",
                status,
                "2026-11-01T08:00:00Z",
                "2026-12-01T08:00:00Z",
                "2026-11-03T09:30:00Z",
                true,
                3,
                1,
                0,
                0,
                1,
                2,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    }

    @Test
    void anOrdinaryRecordIsWrittenAsTheHandWrittenCsvWroteIt() {
        // given a record whose values hold no comma, quote or line break (ids, enum names, times, counts, hashes)
        // when it is exported
        String csv = CompletionSummaryCsv.write(List.of(row("COMPLETED")));

        // then the header and the line are the ones the export always had, CRLF-terminated, nothing quoted
        assertThat(csv)
                .isEqualTo(HEADER + "7,2,2dd81ae9-db20-4cc2-82b5-93e9c870e875,ERASURE,SE,COMPLETED,"
                        + "2026-11-01T08:00:00Z,2026-12-01T08:00:00Z,2026-11-03T09:30:00Z,true,3,1,0,0,1,2,"
                        + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\r\n");
    }

    @Test
    void anEmptyExportIsTheHeaderAlone() {
        assertThat(CompletionSummaryCsv.write(List.of())).isEqualTo(HEADER);
    }

    @Test
    void aValueWithACommaAQuoteAndANewlineRoundTrips() throws IOException {
        // given a status with every character that breaks a hand-written CSV line
        String awkward = "COMPLETED, \"partly\"\nsee evidence\r\nend";

        // when it is exported and the file is read back as RFC 4180
        String csv = CompletionSummaryCsv.write(List.of(row(awkward), row("COMPLETED")));
        List<CSVRecord> records;
        try (CSVParser parser = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv))) {
            assertThat(parser.getHeaderNames()).containsExactly(CompletionSummaryCsv.HEADER);
            records = parser.getRecords();
        }

        // then both lines come back whole, the awkward value unchanged and in its own column
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("status")).isEqualTo(awkward);
        assertThat(records.get(0).get("request_id")).isEqualTo("2dd81ae9-db20-4cc2-82b5-93e9c870e875");
        assertThat(records.get(0).get("record_hash")).startsWith("9f86d081");
        assertThat(records.get(0).size()).isEqualTo(CompletionSummaryCsv.HEADER.length);
        assertThat(records.get(1).get("status")).isEqualTo("COMPLETED");
        assertThat(records.get(1).get("sequence")).isEqualTo("7");
    }
}
