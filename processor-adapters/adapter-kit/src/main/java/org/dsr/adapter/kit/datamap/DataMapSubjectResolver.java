package org.dsr.adapter.kit.datamap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.SubjectResolver;
import org.dsr.adapter.kit.datamap.DataMap.From;
import org.dsr.adapter.kit.datamap.DataMap.Key;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.contracts.subject.IdentifierType;

/**
 * The default resolver: the data map's keys, in declaration order. A key with identifiers is looked up by every
 * identifier type it lists; a key with {@code from} joins to keys already resolved; both are combined with or.
 * Without a data map the subject is its identifiers alone.
 */
@DefaultBean
@ApplicationScoped
public class DataMapSubjectResolver implements SubjectResolver {

    private final DataMapRegistry registry;

    public DataMapSubjectResolver(DataMapRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Uni<SubjectMatch> resolve(SubjectMatch identifiers) {
        Uni<SubjectMatch> chain = Uni.createFrom().item(identifiers);
        for (Key key : registry.map().keys().values()) {
            chain = chain.flatMap(subject -> resolve(key, subject));
        }
        return chain;
    }

    private Uni<SubjectMatch> resolve(Key key, SubjectMatch subject) {
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        int i = 0;
        for (Map.Entry<IdentifierType, String> e : key.identifiers().entrySet()) {
            String p = "p" + i++;
            clauses.add(e.getValue() + " = any(cast(cast(:" + p + " as text) as text[]))");
            params.add(p);
            params.add(subject.array(e.getKey()));
        }
        for (From f : key.from()) {
            String p = "p" + i++;
            clauses.add(f.column() + " = any(cast(cast(:" + p + " as text) as "
                    + registry.castType(key.table(), f.column()) + "[]))");
            params.add(p);
            params.add(subject.keyArray(f.key()));
        }
        return Sql.<Object> column("select distinct " + key.column() + " from " + key.table() + " where "
                + key.column() + " is not null and (" + String.join(" or ", clauses) + ")", params.toArray())
                .map(values -> subject.withKeys(key.name(), values.stream()
                        .map(v -> v instanceof Number n ? (Object) n.longValue() : v.toString()).toList()));
    }
}
