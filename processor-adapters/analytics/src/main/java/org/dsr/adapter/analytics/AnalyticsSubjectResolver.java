package org.dsr.adapter.analytics;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.SubjectResolver;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.contracts.subject.IdentifierType;

/**
 * User ids (given, or found by email in users), then every device of those users, then every anonymous id seen
 * on the users' or devices' events (identity stitching): all three name the subject's events.
 */
@ApplicationScoped
public class AnalyticsSubjectResolver implements SubjectResolver {

    static final String USERS = "user";
    static final String DEVICES = "device";
    static final String ANONYMOUS = "anonymous";

    static final String EVENT_MATCH = "user_id = any(cast(cast(:users as text) as text[]))"
            + " or device_id = any(cast(cast(:devices as text) as text[]))"
            + " or anonymous_id = any(cast(cast(:anonymous as text) as text[]))";

    static Object[] eventParams(SubjectMatch s) {
        return new Object[] { "users", s.keyArray(USERS), "devices", s.keyArray(DEVICES), "anonymous",
                s.keyArray(ANONYMOUS) };
    }

    @Override
    public Uni<SubjectMatch> resolve(SubjectMatch subject) {
        return Sql.<String> column("select user_id from users where email = any(cast(cast(:emails as text) as text[]))"
                + " or user_id = any(cast(cast(:ids as text) as text[]))", "emails", subject.array(IdentifierType.EMAIL),
                "ids", subject.array(IdentifierType.USER_ID))
                .map(found -> {
                    List<String> users = new ArrayList<>(subject.values(IdentifierType.USER_ID));
                    users.addAll(found);
                    return subject.withKeys(USERS, users);
                })
                .flatMap(s -> Sql.<String> column("select device_id from devices where user_id = any(cast(cast(:users"
                        + " as text) as text[]))", "users", s.keyArray(USERS)).map(d -> s.withKeys(DEVICES, d)))
                .flatMap(s -> Sql.<String> column("select distinct anonymous_id from events where anonymous_id is not"
                        + " null and (user_id = any(cast(cast(:users as text) as text[])) or device_id ="
                        + " any(cast(cast(:devices as text) as text[])))", "users", s.keyArray(USERS), "devices",
                        s.keyArray(DEVICES)).map(a -> s.withKeys(ANONYMOUS, a)));
    }
}
