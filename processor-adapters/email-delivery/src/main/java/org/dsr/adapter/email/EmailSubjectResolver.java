package org.dsr.adapter.email;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.SubjectResolver;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.contracts.subject.IdentifierType;

/** Contacts by email address: the only identifier this store knows. */
@ApplicationScoped
public class EmailSubjectResolver implements SubjectResolver {

    static final String CONTACTS = "contact";
    static final String BY_CONTACT = "contact_id = any(cast(cast(:ids as text) as bigint[]))";

    @Override
    public Uni<SubjectMatch> resolve(SubjectMatch subject) {
        return Sql.<Number> column("select id from contacts where email = any(cast(cast(:emails as text) as text[]))",
                "emails", subject.array(IdentifierType.EMAIL))
                .map(ids -> subject.withKeys(CONTACTS, ids.stream().map(Number::longValue).toList()));
    }

    static Object[] contactIds(SubjectMatch subject) {
        return new Object[] { "ids", subject.keyArray(CONTACTS) };
    }
}
