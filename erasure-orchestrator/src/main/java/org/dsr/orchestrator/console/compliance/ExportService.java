package org.dsr.orchestrator.console.compliance;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.proof.ProofReport;
import org.dsr.orchestrator.console.compliance.ComplianceViews.ExportView;
import org.dsr.orchestrator.proof.CompletionChainRepository;
import org.dsr.orchestrator.proof.CompletionRecordEntity;

/**
 * Exports of a date range of the completion chain: what the export holds, checked on the server, with where it
 * starts; the chain as the JSON the offline verifier checks; a CSV summary for spreadsheets. Reads only.
 */
@ApplicationScoped
public class ExportService {

    private final CompletionChainRepository records;
    private final ProofChecks proofs;

    public ExportService(CompletionChainRepository records, ProofChecks proofs) {
        this.records = records;
        this.proofs = proofs;
    }

    /**
     * What an export of the range holds, verified, and whether its first record is anchored to the one before it.
     *
     * @param from the first day as typed, shown back
     * @param to the last day as typed, shown back
     */
    public Uni<ExportView> describe(DateRange range, String from, String to) {
        return Panache.withSession(() -> records.range(range.start(), range.end())
                .flatMap(list -> {
                    if (list.isEmpty()) {
                        return Uni.createFrom()
                                .item(ExportView.failed(
                                        from,
                                        to,
                                        "No completion record was written between " + from + " and " + to + "."));
                    }
                    CompletionRecordEntity first = list.get(0);
                    CompletionRecordEntity last = list.get(list.size() - 1);
                    return records.bySequence(first.sequence - 1).map(anchor -> {
                        ProofReport report = proofs.verify(ProofChecks.array(
                                list.stream().map(r -> r.payload).toArray(String[]::new)));
                        String anchorText;
                        String anchorState;
                        if (first.sequence == 1) {
                            anchorText =
                                    "The export starts at #1, the first record of the chain: nothing can be missing "
                                            + "before it.";
                            anchorState = "ok";
                        } else if (anchor.isPresent()
                                && ProofChecks.sha256(anchor.get().payload).equals(first.previousHash)) {
                            anchorText =
                                    "The export starts mid-way, at #" + first.sequence + ". The verifier trusts its "
                                            + "previousRecordHash " + first.previousHash.substring(0, 16)
                                            + "…; checked here: it is "
                                            + "the SHA-256 of #" + anchor.get().sequence
                                            + ", the record before it in the chain.";
                            anchorState = "ok";
                        } else {
                            anchorText =
                                    "The export starts mid-way, at #" + first.sequence + ", and its previousRecordHash "
                                            + "does not match the record before it in the database.";
                            anchorState = "bad";
                        }
                        return new ExportView(
                                from,
                                to,
                                list.size(),
                                first.sequence,
                                last.sequence,
                                first.sequence > 1,
                                anchorText,
                                anchorState,
                                report.ok(),
                                report.summary(),
                                report.problem()
                                        .map(p -> ProofChecks.describe(p.check()) + ": " + p.message())
                                        .orElse(null),
                                "/ui/compliance/export/chain.json" + range.query(),
                                "/ui/compliance/export/summary.csv" + range.query(),
                                null);
                    });
                }));
    }

    /** The range's records, byte for byte as stored, as one JSON array: the file the offline verifier checks. */
    public Uni<String> chainJson(DateRange range) {
        return records(range)
                .map(list -> ProofChecks.array(list.stream().map(r -> r.payload).toArray(String[]::new)));
    }

    /** One CSV line per record of the range ({@link CompletionSummaryCsv}). */
    public Uni<String> summaryCsv(DateRange range) {
        return records(range).map(CompletionSummaryCsv::of);
    }

    private Uni<List<CompletionRecordEntity>> records(DateRange range) {
        return Panache.withSession(() -> records.range(range.start(), range.end()));
    }
}
