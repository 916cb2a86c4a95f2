package org.dsr.orchestrator.deferred;

import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class DeferredErasureRepository implements PanacheRepositoryBase<DeferredErasure, UUID> {}
