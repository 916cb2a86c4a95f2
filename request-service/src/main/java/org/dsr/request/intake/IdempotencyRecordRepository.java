package org.dsr.request.intake;

import java.util.Collection;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The answers given to each caller's Idempotency-Keys (table idempotency_key). */
@ApplicationScoped
public class IdempotencyRecordRepository implements PanacheRepositoryBase<IdempotencyRecord, IdempotencyRecord.Key> {

    /** The records of these callers with these keys: both columns of the primary key, so an index scan. */
    public Uni<List<IdempotencyRecord>> of(Collection<String> callers, Collection<String> keys) {
        return keys.isEmpty()
                ? Uni.createFrom().item(List.of())
                : list("caller in ?1 and idempotencyKey in ?2", callers, keys);
    }
}
