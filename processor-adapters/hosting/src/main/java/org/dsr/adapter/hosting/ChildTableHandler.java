package org.dsr.adapter.hosting;

import java.util.Set;

import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.DataCategoryHandler;
import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.ProcessorCommandV1;

/** A category that is one table of rows owned by the subject's accounts: erasure deletes them. */
abstract class ChildTableHandler implements DataCategoryHandler {

    private final String category;
    private final String table;

    ChildTableHandler(String category, String table) {
        this.category = category;
        this.table = table;
    }

    @Override
    public String category() {
        return category;
    }

    @Override
    public Set<Action> supportedActions() {
        return Set.of(Action.ERASE);
    }

    @Override
    public int executionOrder() {
        return 10;
    }

    @Override
    public Uni<CategoryResult> apply(Action action, SubjectMatch subject, ProcessorCommandV1 command) {
        String where = " where account_id = any(cast(cast(:ids as text) as bigint[]))";
        String ids = subject.keyArray(HostingSubjectResolver.ACCOUNTS);
        return Sql.update("delete from " + table + where, "ids", ids)
                .flatMap(deleted -> Sql.count("select count(*) from " + table + where, "ids", ids)
                        .map(remaining -> CategoryResult.of(deleted, remaining, "count of " + table
                                + " rows of the subject's accounts (matched by email, user id or personnummer)"
                                + " after deletion")));
    }
}
