package org.dsr.adapter.kit;

import java.util.Set;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.sql.Sql;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.ProcessorCommandV1;

/**
 * The common case: a category is the rows of one table matched by a where clause over the subject's keys; erasure
 * deletes them and the verification read counts the same clause again.
 */
public abstract class DeleteRowsHandler implements DataCategoryHandler {

    private final String category;
    private final String table;
    private final String where;
    private final Function<SubjectMatch, Object[]> params;
    private final int order;
    private final String matchedBy;

    /**
     * @param where a where clause without {@code where}, e.g. {@code contact_id = any(cast(cast(:ids as text) as
     *        bigint[]))}
     * @param params its parameters as name/value pairs
     * @param matchedBy how rows are matched, in words, for the evidence
     */
    protected DeleteRowsHandler(String category, String table, String where, Function<SubjectMatch, Object[]> params,
            int order, String matchedBy) {
        this.category = category;
        this.table = table;
        this.where = " where " + where;
        this.params = params;
        this.order = order;
        this.matchedBy = matchedBy;
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
        return order;
    }

    @Override
    public Uni<CategoryResult> apply(Action action, SubjectMatch subject, ProcessorCommandV1 command) {
        Object[] p = params.apply(subject);
        return Sql.update("delete from " + table + where, p)
                .flatMap(deleted -> Sql.count("select count(*) from " + table + where, p)
                        .map(remaining -> CategoryResult.of(deleted, remaining,
                                "count of " + table + " rows " + matchedBy + " after deletion")));
    }
}
