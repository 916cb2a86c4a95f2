package org.dsr.orchestrator.console.compliance;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.orchestrator.proof.CompletionRecordEntity;

/** What the compliance pages show, apart from one record ({@link RecordView}): plain records for the templates. */
public final class ComplianceViews {

    private ComplianceViews() {}

    public record RecentRow(
            String requestId,
            long sequence,
            int version,
            String requestType,
            String jurisdiction,
            String status,
            String completedAt,
            int retained) {

        static RecentRow of(CompletionRecordEntity entity) {
            CompletionRecordV1 r = Json.read(entity.payload, CompletionRecordV1.class);
            return new RecentRow(
                    String.valueOf(r.requestId()),
                    r.sequence(),
                    r.version(),
                    String.valueOf(r.requestType()),
                    String.valueOf(r.jurisdiction()),
                    r.status(),
                    RecordView.time(r.completedAt()),
                    r.retained() == null ? 0 : r.retained().size());
        }
    }

    /** The start page: a notice, the newest records, the look-up form and the export form (this month so far). */
    public record HomeView(
            String notice,
            String requestId,
            List<RecentRow> recent,
            List<String> identifierTypes,
            String exportFrom,
            String exportTo) {

        static HomeView of(String notice, String requestId, List<RecentRow> recent, LocalDate today) {
            return new HomeView(
                    notice,
                    requestId,
                    recent,
                    Arrays.stream(IdentifierType.values()).map(Enum::name).toList(),
                    today.withDayOfMonth(1).toString(),
                    today.toString());
        }
    }

    public record LookupRow(
            String requestId,
            String type,
            String jurisdiction,
            String status,
            String receivedAt,
            String completedAt,
            boolean shredded,
            int versions,
            String recordStatus) {}

    /** @param identifierType the type searched for; never the value */
    public record LookupView(String identifierType, List<LookupRow> rows, String error) {
        public int count() {
            return rows.size();
        }
    }

    public record ExportView(
            String from,
            String to,
            int count,
            long firstSequence,
            long lastSequence,
            boolean startsMidway,
            String anchor,
            String anchorState,
            boolean verified,
            String summary,
            String problem,
            String jsonHref,
            String csvHref,
            String error) {

        static ExportView failed(String from, String to, String error) {
            return new ExportView(from, to, 0, 0, 0, false, null, null, false, null, null, null, null, error);
        }
    }

    public record ChainCheckView(boolean verified, int count, String summary, String problem, List<String> notes) {}
}
