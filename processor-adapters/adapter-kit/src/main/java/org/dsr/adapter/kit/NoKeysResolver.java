package org.dsr.adapter.kit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

/** The default: handlers match on the identifiers alone. */
@DefaultBean
@ApplicationScoped
public class NoKeysResolver implements SubjectResolver {

    @Override
    public Uni<SubjectMatch> resolve(SubjectMatch identifiers) {
        return Uni.createFrom().item(identifiers);
    }
}
