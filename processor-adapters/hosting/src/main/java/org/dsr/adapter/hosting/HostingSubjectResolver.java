package org.dsr.adapter.hosting;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.SubjectResolver;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.contracts.subject.IdentifierType;

/** Accounts by email, user id or personnummer; then the device ids those accounts' access logs carry. */
@ApplicationScoped
public class HostingSubjectResolver implements SubjectResolver {

    static final String ACCOUNTS = "account";
    static final String DEVICES = "device";

    static final String ACCOUNT_MATCH = "(email = any(cast(cast(:emails as text) as text[]))"
            + " or user_id = any(cast(cast(:userIds as text) as text[]))"
            + " or personnummer = any(cast(cast(:pnrs as text) as text[])))";

    static Object[] identifierParams(SubjectMatch subject) {
        return new Object[] { "emails", subject.array(IdentifierType.EMAIL), "userIds",
                subject.array(IdentifierType.USER_ID), "pnrs", subject.array(IdentifierType.SE_PERSONNUMMER) };
    }

    @Override
    public Uni<SubjectMatch> resolve(SubjectMatch subject) {
        return Sql.<Number> column("select id from accounts where " + ACCOUNT_MATCH + " order by id",
                identifierParams(subject))
                .map(ids -> subject.withKeys(ACCOUNTS, ids.stream().map(Number::longValue).toList()))
                .flatMap(withAccounts -> Sql.<String> column("select distinct device_id from access_logs"
                        + " where account_id = any(cast(cast(:ids as text) as bigint[])) and device_id is not null",
                        "ids", withAccounts.keyArray(ACCOUNTS))
                        .map(devices -> withAccounts.withKeys(DEVICES, List.copyOf(devices))));
    }
}
