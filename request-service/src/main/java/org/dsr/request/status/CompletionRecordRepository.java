package org.dsr.request.status;

import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CompletionRecordRepository implements PanacheRepositoryBase<CompletionRecord, UUID> {

    public Uni<CompletionRecord> latest(UUID requestId) {
        return find("requestId = ?1 order by version desc", requestId).firstResult();
    }

    /** The stored records with this id or at this sequence or next to it in the chain (sequence - 1 and + 1). */
    public Uni<List<CompletionRecord>> neighbours(UUID recordId, long sequence) {
        return list("recordId = ?1 or sequence between ?2 and ?3", recordId, sequence - 1, sequence + 1);
    }

    public Uni<Boolean> exists(UUID requestId, int version) {
        return count("requestId = ?1 and version = ?2", requestId, version).map(n -> n > 0);
    }
}
