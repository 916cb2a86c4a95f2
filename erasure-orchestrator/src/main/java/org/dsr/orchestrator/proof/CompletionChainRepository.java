package org.dsr.orchestrator.proof;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Reads the completion chain (the compliance console, the completions API, the next record's version). Every method
 * needs a reactive session (the callers open one); records are written by {@link CompletionRecordService} only.
 */
@ApplicationScoped
public class CompletionChainRepository implements PanacheRepositoryBase<CompletionRecordEntity, UUID> {

    /** One request's records, oldest version first; empty before completion. */
    public Uni<List<CompletionRecordEntity>> versions(UUID requestId) {
        return list("requestId", Sort.ascending("version"), requestId);
    }

    /** The records written in [from, to), in chain order (the completions API's export). */
    public Uni<List<CompletionRecordEntity>> createdIn(Instant from, Instant to) {
        return list("createdAt >= ?1 and createdAt < ?2", Sort.ascending("sequence"), from, to);
    }

    /** How many versions of one request's record exist. */
    public Uni<Long> versionCount(UUID requestId) {
        return count("requestId", requestId);
    }

    /** The records of several requests (a look-up's matches), by request and version. */
    public Uni<List<CompletionRecordEntity>> ofRequests(Collection<UUID> requestIds) {
        if (requestIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("requestId in ?1", Sort.ascending("requestId", "version"), requestIds);
    }

    /** The records right before and right after a record in the chain (either may be missing). */
    public Uni<Neighbours> neighbours(long sequence) {
        return list("sequence in (?1, ?2)", sequence - 1, sequence + 1)
                .map(list -> new Neighbours(
                        list.stream().filter(r -> r.sequence == sequence - 1).findFirst(),
                        list.stream().filter(r -> r.sequence == sequence + 1).findFirst()));
    }

    public record Neighbours(Optional<CompletionRecordEntity> previous, Optional<CompletionRecordEntity> next) {}

    /** The newest records of the chain, newest first. */
    public Uni<List<CompletionRecordEntity>> newest(int limit) {
        return findAll(Sort.descending("sequence")).page(Page.ofSize(limit)).list();
    }

    /** The whole chain in chain order. */
    public Uni<List<CompletionRecordEntity>> chain() {
        return listAll(Sort.ascending("sequence"));
    }

    /**
     * The records written in [from, to), widened to a contiguous run of sequences: from the first to the last
     * record written in the range, every record between them too. An export with a hole would fail the verifier
     * (and would hide a record) when clocks of several instances disagree by a little.
     */
    public Uni<List<CompletionRecordEntity>> range(Instant from, Instant to) {
        return list("createdAt >= ?1 and createdAt < ?2", Sort.ascending("sequence"), from, to)
                .flatMap(inRange -> {
                    if (inRange.isEmpty()) {
                        return Uni.createFrom().item(List.<CompletionRecordEntity>of());
                    }
                    long first = inRange.get(0).sequence;
                    long last = inRange.get(inRange.size() - 1).sequence;
                    if (last - first + 1 == inRange.size()) {
                        return Uni.createFrom().item(inRange);
                    }
                    return list("sequence between ?1 and ?2", Sort.ascending("sequence"), first, last);
                });
    }

    /** The record with this sequence, if any (the anchor of a range export). */
    public Uni<Optional<CompletionRecordEntity>> bySequence(long sequence) {
        return find("sequence", sequence).firstResult().map(Optional::ofNullable);
    }
}
