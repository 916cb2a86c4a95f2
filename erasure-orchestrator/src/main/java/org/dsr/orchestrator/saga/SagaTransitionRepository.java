package org.dsr.orchestrator.saga;

import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class SagaTransitionRepository implements PanacheRepositoryBase<SagaTransition, Long> {}
