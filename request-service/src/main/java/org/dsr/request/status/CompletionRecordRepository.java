package org.dsr.request.status;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CompletionRecordRepository implements PanacheRepositoryBase<CompletionRecord, UUID> {

    public Uni<CompletionRecord> latest(UUID requestId) {
        return find("requestId = ?1 order by version desc", requestId).firstResult();
    }

    public Uni<Boolean> exists(UUID requestId, int version) {
        return count("requestId = ?1 and version = ?2", requestId, version).map(n -> n > 0);
    }
}
