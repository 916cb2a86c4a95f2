package org.dsr.adapter.email;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.DataCategoryHandler;
import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.subject.IdentifierType;

/**
 * The contact (address, name, locale). Erased after its memberships, consent and logs. Restriction sets
 * {@code suppressed}: nothing is sent to a suppressed contact, the row is only stored.
 */
@ApplicationScoped
public class ContactHandler implements DataCategoryHandler {

    private static final String BY_ID = " where id = any(cast(cast(:ids as text) as bigint[]))";

    @Override
    public String category() {
        return "contact";
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
        String ids = subject.keyArray(EmailSubjectResolver.CONTACTS);
        if (action == Action.RESTRICT || action == Action.LIFT_RESTRICTION) {
            boolean suppressed = action == Action.RESTRICT;
            return Sql.update("update contacts set suppressed = " + suppressed + BY_ID, "ids", ids)
                    .flatMap(changed -> Sql.count("select count(*) from contacts" + BY_ID + " and suppressed = "
                            + !suppressed, "ids", ids).map(remaining -> CategoryResult.of(changed, remaining,
                                    "count of the subject's contacts " + (suppressed ? "not suppressed"
                                            : "still suppressed") + " after the update")));
        }
        return Sql.update("delete from contacts" + BY_ID, "ids", ids)
                .flatMap(deleted -> Sql.count("select count(*) from contacts where email = any(cast(cast(:emails as"
                        + " text) as text[]))", "emails", subject.array(IdentifierType.EMAIL))
                        .map(remaining -> CategoryResult.of(deleted, remaining,
                                "count of contacts with the subject's email address after deletion")));
    }
}
