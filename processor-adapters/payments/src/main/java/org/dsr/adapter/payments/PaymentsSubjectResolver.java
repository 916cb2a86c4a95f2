package org.dsr.adapter.payments;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.SubjectResolver;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.contracts.subject.IdentifierType;

/** Customers by email, customer number or phone. */
@ApplicationScoped
public class PaymentsSubjectResolver implements SubjectResolver {

    static final String CUSTOMERS = "customer";
    static final String BY_CUSTOMER = "customer_id = any(cast(cast(:ids as text) as bigint[]))";

    @Override
    public Uni<SubjectMatch> resolve(SubjectMatch subject) {
        return Sql.<Number> column("select id from customers where email = any(cast(cast(:emails as text) as text[]))"
                + " or customer_number = any(cast(cast(:numbers as text) as text[]))"
                + " or phone = any(cast(cast(:phones as text) as text[]))", "emails",
                subject.array(IdentifierType.EMAIL), "numbers", subject.array(IdentifierType.CUSTOMER_NUMBER),
                "phones", subject.array(IdentifierType.PHONE))
                .map(ids -> subject.withKeys(CUSTOMERS, ids.stream().map(Number::longValue).toList()));
    }

    static Object[] customerIds(SubjectMatch subject) {
        return new Object[] { "ids", subject.keyArray(CUSTOMERS) };
    }
}
