package org.dsr.adapter.payments;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
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

/**
 * RETAIN: invoices, their lines and payments are bookkeeping records. They are kept with the minimum the law needs
 * (buyer name and address, amounts, VAT, dates), marked restricted (storage only) with a retain-until per invoice;
 * the outcome names the invoice ids as retention handles and the latest retain-until. The orchestrator sends a
 * deferred erasure naming those handles when retention ends.
 */
@ApplicationScoped
public class InvoicesHandler implements DataCategoryHandler {

    @Override
    public String category() {
        return "invoices";
    }

    @Override
    public Set<Action> supportedActions() {
        return Set.of(Action.RETAIN);
    }

    @Override
    public int executionOrder() {
        return 20;
    }

    @Override
    public Uni<CategoryResult> apply(Action action, SubjectMatch subject, ProcessorCommandV1 command) {
        String ids = subject.keyArray(PaymentsSubjectResolver.CUSTOMERS);
        return Sql.rows("select id, cast(fiscal_year_end as text) from invoices where "
                + PaymentsSubjectResolver.BY_CUSTOMER + " order by id", "ids", ids).flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(CategoryResult.retained(0, 0,
                                "no invoices of the subject's customers", null));
                    }
                    List<Long> invoiceIds = new ArrayList<>();
                    List<String> until = new ArrayList<>();
                    for (Object[] row : rows) {
                        invoiceIds.add(((Number) row[0]).longValue());
                        until.add(RetentionRules.retainUntil(command.jurisdiction(),
                                LocalDate.parse((String) row[1])).toString());
                    }
                    LocalDate latest = until.stream().map(LocalDate::parse).max(Comparator.naturalOrder())
                            .orElseThrow();
                    String invoiceArray = SqlArrays.of(invoiceIds);
                    return Sql.update("update invoices set restricted = true, retained_until = cast(v.until as date)"
                            + " from (select unnest(cast(cast(:ids as text) as bigint[])) as id,"
                            + " unnest(cast(cast(:until as text) as text[])) as until) v where invoices.id = v.id",
                            "ids", invoiceArray, "until", SqlArrays.text(until))
                            .flatMap(kept -> Sql.count("select count(*) from invoices where id = any(cast(cast(:ids"
                                    + " as text) as bigint[])) and (not restricted or retained_until is null)", "ids",
                                    invoiceArray)
                                    .map(unrestricted -> CategoryResult.retained(kept, unrestricted,
                                            "count of the subject's retained invoices not restricted or without a"
                                                    + " retain-until date after the update",
                                            new Retention(RetentionRules.legalBasis(command.jurisdiction()), latest,
                                                    invoiceIds.stream().map(String::valueOf).toList()))));
                });
    }
}
