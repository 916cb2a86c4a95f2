package org.dsr.orchestrator.console.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.dsr.contracts.proof.ProofReport;
import org.dsr.orchestrator.console.compliance.ComplianceViews.ChainCheckView;
import org.dsr.orchestrator.console.compliance.ComplianceViews.HomeView;
import org.dsr.orchestrator.console.compliance.ComplianceViews.RecentRow;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.proof.CompletionChainRepository;
import org.dsr.orchestrator.proof.CompletionChainRepository.Neighbours;
import org.dsr.orchestrator.proof.CompletionRecordEntity;

/**
 * The completion records as the compliance console lists, shows and verifies them: the newest records, one record
 * with its neighbours and the server's verdict on it, the stored bytes for the offline verifier, the whole chain
 * verified. Opens its own reactive sessions; reads only.
 */
@ApplicationScoped
public class RecordService {

    static final int RECENT = 15;

    private final CompletionChainRepository records;
    private final ProofChecks proofs;
    private final Policy policy;
    private final Clock clock;

    public RecordService(CompletionChainRepository records, ProofChecks proofs, Policy policy, Clock clock) {
        this.records = records;
        this.proofs = proofs;
        this.policy = policy;
        this.clock = clock;
    }

    /** The start page with the newest records of the chain. */
    public Uni<HomeView> home(String notice, String requestId) {
        return Panache.withSession(() -> records.newest(RECENT))
                .map(newest -> HomeView.of(
                        notice, requestId, newest.stream().map(RecentRow::of).toList(), today()));
    }

    /** The start page without the newest records (the answer when a record is not there). */
    public HomeView homeWithoutRecords(String notice) {
        return HomeView.of(notice, null, List.of(), today());
    }

    /** Whether the request has a completion record yet. */
    public Uni<Boolean> exists(UUID requestId) {
        return Panache.withSession(() -> records.versions(requestId)).map(found -> !found.isEmpty());
    }

    /** The record (the newest version unless asked) with its neighbours, checked; empty when there is none. */
    public Uni<Optional<RecordView>> view(UUID requestId, Integer version) {
        return Panache.withSession(() -> records.versions(requestId).flatMap(versions -> {
            if (versions.isEmpty()) {
                return Uni.createFrom().item(Optional.<RecordView>empty());
            }
            CompletionRecordEntity chosen = versions.stream()
                    .filter(v -> version != null && v.version == version)
                    .findFirst()
                    .orElse(versions.get(versions.size() - 1));
            List<Integer> numbers = versions.stream().map(v -> v.version).toList();
            return records.neighbours(chosen.sequence)
                    .map((Neighbours n) -> Optional.of(
                            RecordView.of(chosen, numbers, proofs.check(chosen, n.previous(), n.next()), policy)));
        }));
    }

    /** Every version of the request's record, byte for byte as stored, as a JSON array; empty when none. */
    public Uni<Optional<String>> recordJson(UUID requestId) {
        return Panache.withSession(() -> records.versions(requestId))
                .map(found -> found.isEmpty()
                        ? Optional.empty()
                        : Optional.of(ProofChecks.array(
                                found.stream().map(r -> r.payload).toArray(String[]::new))));
    }

    /** Verifies the whole chain on the server (on a worker thread), as the CLI would verify a full export. */
    public Uni<ChainCheckView> verifyChain() {
        return Panache.withSession(records::chain)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(this::verify);
    }

    private ChainCheckView verify(List<CompletionRecordEntity> chain) {
        if (chain.isEmpty()) {
            return new ChainCheckView(false, 0, "The chain is empty.", null, List.of());
        }
        ProofReport report = proofs.verify(
                ProofChecks.array(chain.stream().map(r -> r.payload).toArray(String[]::new)));
        List<String> notes = report.lines().stream()
                .filter(l -> l.startsWith("  ·"))
                .map(String::strip)
                .limit(5)
                .toList();
        return new ChainCheckView(
                report.ok(),
                chain.size(),
                report.summary(),
                report.problem()
                        .map(p -> ProofChecks.describe(p.check()) + ": " + p.message())
                        .orElse(null),
                notes);
    }

    /** Today in UTC, the day the console's dates are in. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The clock's now, for the PDF's "generated at". */
    public Instant now() {
        return clock.instant();
    }
}
