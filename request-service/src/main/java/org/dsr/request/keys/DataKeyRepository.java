package org.dsr.request.keys;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The requests' data keys (table data_key), by key id. */
@ApplicationScoped
public class DataKeyRepository implements PanacheRepositoryBase<DataKey, String> {

    public Uni<List<DataKey>> byKeyIds(List<String> keyIds) {
        return keyIds.isEmpty() ? Uni.createFrom().item(List.of()) : list("keyId in ?1", keyIds);
    }
}
