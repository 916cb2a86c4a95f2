package org.dsr.orchestrator.saga;

import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class SagaRepository implements PanacheRepositoryBase<Saga, UUID> {}
