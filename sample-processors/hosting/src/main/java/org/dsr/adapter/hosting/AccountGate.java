package org.dsr.adapter.hosting;

import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;

/**
 * The one check every processing path of the platform makes before it acts on an account (sign-in, uploads): a
 * restricted account (GDPR Art. 18) may only be stored, so processing is refused with 423 Locked. Unknown accounts
 * are 401 for sign-in and 404 elsewhere, and an erased account is unknown: its row is gone, so it takes the same
 * query and gets the same answer as a login nobody ever had. The answer never echoes what was sent.
 */
@ApplicationScoped
public class AccountGate {

    public static final String RESTRICTED_TYPE = "processing-restricted";

    /** The id of the processable account signing in with this email or user id; fails otherwise. */
    public Uni<Long> processable(String login, int unknownStatus) {
        return Sql.rows(
                        "select id, restricted from accounts where email = lower(:login) or user_id = :login for share",
                        "login",
                        login.strip())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw new ProblemException(Problem.of(
                                unknownStatus == 401 ? "unauthorised" : "not-found",
                                unknownStatus == 401 ? "Unauthorised" : "Not Found",
                                unknownStatus,
                                "no such account",
                                null));
                    }
                    if (Boolean.TRUE.equals(rows.get(0).value(1))) {
                        throw new ProblemException(Problem.of(
                                RESTRICTED_TYPE,
                                "Processing restricted",
                                423,
                                "The account is restricted: it is stored only and cannot sign in or be processed",
                                null));
                    }
                    return rows.get(0).longValue(0);
                });
    }
}
