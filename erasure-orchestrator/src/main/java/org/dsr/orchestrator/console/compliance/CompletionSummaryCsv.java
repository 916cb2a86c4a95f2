package org.dsr.orchestrator.console.compliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.json.Json;
import org.dsr.orchestrator.proof.CompletionRecordEntity;

/**
 * The export's {@code summary.csv}: one line per record, what a reviewer sorts and filters in a spreadsheet. Not a
 * proof: the JSON is. Written by Apache Commons CSV in RFC 4180 form (comma, CRLF, a field quoted when it holds a
 * comma, a quote or a line break, a quote doubled). Cells are written as they are: no prefix against spreadsheet
 * formulas (the values are ids, enum names, times, counts and hashes).
 */
public final class CompletionSummaryCsv {

    static final String[] HEADER = {
        "sequence",
        "version",
        "request_id",
        "request_type",
        "jurisdiction",
        "status",
        "received_at",
        "due_at",
        "completed_at",
        "on_time",
        "erased",
        "anonymised",
        "restricted",
        "lifted",
        "retained",
        "not_found",
        "record_hash"
    };

    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setHeader(HEADER).get();

    private CompletionSummaryCsv() {}

    /** One record's line, in the header's order; a missing value is written "null", as before the library. */
    public record Row(
            long sequence,
            int version,
            String requestId,
            String requestType,
            String jurisdiction,
            String status,
            String receivedAt,
            String dueAt,
            String completedAt,
            boolean onTime,
            long erased,
            long anonymised,
            long restricted,
            long lifted,
            long retained,
            long notFound,
            String recordHash) {

        static Row of(CompletionRecordEntity entity) {
            CompletionRecordV1 rec = Json.read(entity.payload, CompletionRecordV1.class);
            Map<String, Long> counts = rec.processors().stream()
                    .flatMap(p -> p.outcomes().stream())
                    .collect(Collectors.groupingBy(o -> o.status().name(), Collectors.counting()));
            return new Row(
                    entity.sequence,
                    entity.version,
                    String.valueOf(rec.requestId()),
                    String.valueOf(rec.requestType()),
                    String.valueOf(rec.jurisdiction()),
                    rec.status(),
                    String.valueOf(rec.receivedAt()),
                    String.valueOf(rec.dueAt()),
                    String.valueOf(rec.completedAt()),
                    rec.completedAt() != null && !rec.completedAt().isAfter(rec.dueAt()),
                    counts.getOrDefault("ERASED", 0L),
                    counts.getOrDefault("ANONYMISED", 0L),
                    counts.getOrDefault("RESTRICTED", 0L),
                    counts.getOrDefault("LIFTED", 0L),
                    counts.getOrDefault("RETAINED", 0L),
                    counts.getOrDefault("NOT_FOUND", 0L),
                    entity.recordHash);
        }

        private List<String> cells() {
            return List.of(
                    String.valueOf(sequence),
                    String.valueOf(version),
                    String.valueOf(requestId),
                    String.valueOf(requestType),
                    String.valueOf(jurisdiction),
                    String.valueOf(status),
                    String.valueOf(receivedAt),
                    String.valueOf(dueAt),
                    String.valueOf(completedAt),
                    String.valueOf(onTime),
                    String.valueOf(erased),
                    String.valueOf(anonymised),
                    String.valueOf(restricted),
                    String.valueOf(lifted),
                    String.valueOf(retained),
                    String.valueOf(notFound),
                    String.valueOf(recordHash));
        }
    }

    public static String write(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            for (Row row : rows) {
                printer.printRecord(row.cells());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the summary could not be written", e); // a StringBuilder does not fail
        }
        return out.toString();
    }

    public static String of(List<CompletionRecordEntity> records) {
        return write(records.stream().map(Row::of).toList());
    }
}
