package org.dsr.adapter.hosting;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.DataCategoryHandler;
import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.ProcessorCommandV1;

/**
 * The account row (email, name, password hash, personnummer). Erased last: its children are handled first. Restriction
 * sets {@code restricted}, which the platform honours by refusing sign-in and any processing but storage.
 */
@ApplicationScoped
public class AccountHandler implements DataCategoryHandler {

    private static final String BY_ID = " where id = any(cast(cast(:ids as text) as bigint[]))";

    @Override
    public String category() {
        return "account";
    }

    @Override
    public Set<Action> supportedActions() {
        return Set.of(Action.ERASE, Action.RESTRICT, Action.LIFT_RESTRICTION);
    }

    @Override
    public int executionOrder() {
        return 90;
    }

    @Override
    public Uni<CategoryResult> apply(Action action, SubjectMatch subject, ProcessorCommandV1 command) {
        String ids = subject.keyArray(HostingSubjectResolver.ACCOUNTS);
        return switch (action) {
            case RESTRICT -> flag(ids, true);
            case LIFT_RESTRICTION -> flag(ids, false);
            default -> erase(subject, ids);
        };
    }

    private Uni<CategoryResult> erase(SubjectMatch subject, String ids) {
        String byAccount = " where account_id = any(cast(cast(:ids as text) as bigint[]))";
        return Sql.count("select (select count(*) from sessions" + byAccount + ") + (select count(*) from profiles"
                + byAccount + ") + (select count(*) from uploaded_files" + byAccount
                + ") + (select count(*) from access_logs" + byAccount + ")", "ids", ids).flatMap(dependents -> {
                    if (dependents > 0) {
                        return Uni.createFrom().item(CategoryResult.failed(false, "account still has " + dependents
                                + " dependent rows in categories this command does not erase",
                                "count of sessions, profiles, uploaded_files and access_logs rows of the accounts"));
                    }
                    Object[] params = HostingSubjectResolver.identifierParams(subject);
                    return Sql.update("delete from accounts" + BY_ID, "ids", ids)
                            .flatMap(deleted -> Sql.count("select count(*) from accounts where "
                                    + HostingSubjectResolver.ACCOUNT_MATCH, params)
                                    .map(remaining -> CategoryResult.of(deleted, remaining,
                                            "count of accounts matching the subject's email, user id or personnummer"
                                                    + " after deletion")));
                });
    }

    private Uni<CategoryResult> flag(String ids, boolean restricted) {
        return Sql.update("update accounts set restricted = " + restricted + BY_ID, "ids", ids)
                .flatMap(changed -> Sql.count("select count(*) from accounts" + BY_ID + " and restricted = "
                        + !restricted, "ids", ids)
                        .map(remaining -> CategoryResult.of(changed, remaining, "count of the subject's accounts"
                                + (restricted ? " not restricted" : " still restricted") + " after the update")));
    }
}
