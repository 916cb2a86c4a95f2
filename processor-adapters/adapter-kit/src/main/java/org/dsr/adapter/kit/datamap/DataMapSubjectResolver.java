package org.dsr.adapter.kit.datamap;


import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.SubjectResolver;
import org.dsr.adapter.kit.sql.Sql;

/**
 * The default resolver: the data map's keys, in declaration order. A key with identifiers is looked up by every
 * identifier type it lists; a key with {@code from} joins to keys already resolved; both are combined with or.
 * Without a data map the subject is its identifiers alone.
 */
@IfBuildProperty(name = "adapter-kit.command-path", stringValue = "adapter", enableIfMissing = true)
@DefaultBean
@ApplicationScoped
public class DataMapSubjectResolver implements SubjectResolver {

    private final DataMapRegistry registry;

    public DataMapSubjectResolver(DataMapRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Uni<SubjectMatch> resolve(SubjectMatch identifiers) {
        return registry.engine().resolve(Sql.session(), identifiers);
    }
}
