package org.dsr.request.status;

import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RequestOutcomeRepository implements PanacheRepositoryBase<RequestOutcome, RequestOutcome.Key> {

    public Uni<List<RequestOutcome>> forRequest(UUID requestId) {
        return list("requestId = ?1 order by processor, category", requestId);
    }
}
