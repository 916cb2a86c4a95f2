package org.dsr.adapter.email;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.DataCategoryHandler;
import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.adapter.kit.sql.SqlArrays;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.Retention;
import org.dsr.contracts.subject.IdentifierType;

/**
 * RETAIN: a keyed hash of each of the subject's addresses goes on the suppression list, so that a later import or
 * send cannot bring the person back. Runs first, while the contact still shows that this platform knew the person;
 * an address it never had is not added. Kept without end date (as long as the suppression serves its purpose).
 */
@ApplicationScoped
public class SuppressionListHandler implements DataCategoryHandler {

    public static final String LEGAL_BASIS = "GDPR Art. 17(3)(b), 21(3): suppression of further processing";
    private static final String BY_HASH = " where address_hash = any(cast(cast(:hashes as text) as text[]))";

    private final SuppressionHasher hasher;

    public SuppressionListHandler(SuppressionHasher hasher) {
        this.hasher = hasher;
    }

    @Override
    public String category() {
        return "suppression-list";
    }

    @Override
    public Set<Action> supportedActions() {
        return Set.of(Action.RETAIN);
    }

    @Override
    public int executionOrder() {
        return 5;
    }

    @Override
    public Uni<CategoryResult> apply(Action action, SubjectMatch subject, ProcessorCommandV1 command) {
        List<String> emails = subject.values(IdentifierType.EMAIL);
        String hashes = SqlArrays.text(emails.stream().map(hasher::hash).toList());
        String emailArray = SqlArrays.text(emails);
        return Sql.count("select (select count(*) from contacts where email = any(cast(cast(:emails as text) as"
                + " text[]))) + (select count(*) from delivery_logs where recipient = any(cast(cast(:emails as text)"
                + " as text[]))) + (select count(*) from suppression_list" + BY_HASH + ")", "emails", emailArray,
                "hashes", hashes).flatMap(known -> known == 0
                        ? Uni.createFrom().item(CategoryResult.retained(0, 0,
                                "no contact, delivery log or suppression entry for the subject's address", null))
                        : suppress(hashes, emails.size()));
    }

    private Uni<CategoryResult> suppress(String hashes, int addresses) {
        return Sql.update("insert into suppression_list (address_hash, reason)"
                + " select unnest(cast(cast(:hashes as text) as text[])), 'erasure request'"
                + " on conflict (address_hash) do nothing", "hashes", hashes)
                .flatMap(inserted -> Sql.<Number> column("select id from suppression_list" + BY_HASH + " order by id",
                        "hashes", hashes))
                .map(ids -> CategoryResult.retained(ids.size(), addresses - ids.size(),
                        "count of the subject's addresses without a suppression entry (HMAC-SHA-256 of the address,"
                                + " no plaintext) after the insert",
                        new Retention(LEGAL_BASIS, null,
                                ids.stream().map(id -> "suppression:" + id.longValue()).toList())));
    }
}
