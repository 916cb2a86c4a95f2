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
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.Retention;
import org.dsr.adapter.kit.retention.RetentionRules;

/**
 * RETAIN: invoices, their lines and payments are bookkeeping records. They are kept with the minimum the law needs
 * (buyer name and address, amounts, VAT, dates), marked restricted (storage only: reminders and any other processing
 * refuse them) with a retain-until per invoice from its fiscal year ({@link FiscalYears}); the outcome names the
 * invoice ids as retention handles and the latest retain-until. The request's pseudonym is stored on the invoices
 * ({@code retained_for}) so that a re-dispatched erasure, which no longer finds the anonymised customer, still
 * reports them RETAINED.
 * <p>
 * DEFERRED_ERASE (sent by the orchestrator when retention ends) names those handles and deletes the invoices with
 * their lines, payments and reminders, then the anonymised customer row if nothing references it any more. It
 * refuses (FAILED, permanent, nothing deleted) when any named invoice is still within its retention period.
 */
@ApplicationScoped
public class InvoicesHandler implements DataCategoryHandler {

    /** The data map's key of the subject's customer rows (payments/src/main/resources/data-map.yaml). */
    static final String CUSTOMERS = "customer";
    private static final String BY_CUSTOMER = "customer_id = any(cast(cast(:ids as text) as bigint[]))";
    private static final String BY_INVOICE = "invoice_id = any(cast(cast(:ids as text) as bigint[]))";
    private static final String BY_ID = "id = any(cast(cast(:ids as text) as bigint[]))";

    private final FiscalYears fiscalYears;

    public InvoicesHandler(FiscalYears fiscalYears) {
        this.fiscalYears = fiscalYears;
    }

    @Override
    public String category() {
        return "invoices";
    }

    @Override
    public Set<Action> supportedActions() {
        return Set.of(Action.RETAIN, Action.DEFERRED_ERASE);
    }

    @Override
    public int executionOrder() {
        return 20;
    }

    @Override
    public Uni<CategoryResult> apply(CategoryCommand category, SubjectMatch subject, ProcessorCommandV1 command) {
        return category.action() == Action.DEFERRED_ERASE ? deferredErase(category)
                : apply(category.action(), subject, command);
    }

    @Override
    public Uni<CategoryResult> apply(Action action, SubjectMatch subject, ProcessorCommandV1 command) {
        String ids = subject.keyArray(CUSTOMERS);
        return Sql.rows("select id, cast(issued_on as text), cast(retained_until as text) from invoices where "
                + BY_CUSTOMER + " or retained_for = :pseudonym order by id", "ids", ids,
                "pseudonym", command.subject().pseudonym()).flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(CategoryResult.retained(0, 0,
                                "no invoices of the subject's customers", null));
                    }
                    List<Long> invoiceIds = new ArrayList<>();
                    List<String> until = new ArrayList<>();
                    for (Object[] row : rows) {
                        invoiceIds.add(((Number) row[0]).longValue());
                        LocalDate computed = fiscalYears.retainUntil(command.jurisdiction(),
                                LocalDate.parse((String) row[1]));
                        // Never shorten a retention an earlier request set.
                        if (row[2] != null && LocalDate.parse((String) row[2]).isAfter(computed)) {
                            computed = LocalDate.parse((String) row[2]);
                        }
                        until.add(computed.toString());
                    }
                    LocalDate latest = until.stream().map(LocalDate::parse).max(Comparator.naturalOrder())
                            .orElseThrow();
                    String invoiceArray = SqlArrays.of(invoiceIds);
                    return Sql.update("update invoices set restricted = true, retained_until = cast(v.until as date),"
                            + " retained_for = coalesce(retained_for, :pseudonym)"
                            + " from (select unnest(cast(cast(:ids as text) as bigint[])) as id,"
                            + " unnest(cast(cast(:until as text) as text[])) as until) v where invoices.id = v.id",
                            "ids", invoiceArray, "until", SqlArrays.text(until), "pseudonym",
                            command.subject().pseudonym())
                            .flatMap(kept -> Sql.count("select count(*) from invoices where " + BY_ID
                                    + " and (not restricted or retained_until is null)", "ids", invoiceArray)
                                    .map(unrestricted -> CategoryResult.retained(kept, unrestricted,
                                            "count of the subject's retained invoices not restricted or without a"
                                                    + " retain-until date after the update",
                                            new Retention(RetentionRules.legalBasis(command.jurisdiction()), latest,
                                                    invoiceIds.stream().map(String::valueOf).toList()))));
                });
    }

    private Uni<CategoryResult> deferredErase(CategoryCommand category) {
        List<String> handles = category.retentionHandles() == null ? List.of() : category.retentionHandles();
        if (handles.isEmpty()) {
            return Uni.createFrom().item(CategoryResult.failed(false, "deferred erasure names no retention handles",
                    "not examined: no action was taken"));
        }
        if (handles.stream().anyMatch(h -> h == null || !h.matches("\\d{1,18}"))) {
            return Uni.createFrom().item(CategoryResult.failed(false, "malformed retention handle: invoice ids"
                    + " expected", "not examined: no action was taken"));
        }
        String ids = SqlArrays.of(handles.stream().map(Long::valueOf).distinct().toList());
        String verification = "count of the named invoices and their lines, payments and reminders after deletion";
        return Sql.count("select count(*) from invoices where " + BY_ID + " and (retained_until is null or"
                + " retained_until >= current_date)", "ids", ids).flatMap(within -> {
                    if (within > 0) {
                        return Uni.createFrom().item(CategoryResult.failed(false, within
                                + " named invoices are not retained or still within their retention period",
                                "count of the named invoices without a retain-until date before today"));
                    }
                    return Sql.<Number> column("select distinct customer_id from invoices where " + BY_ID, "ids", ids)
                            .flatMap(customers -> Sql.update("delete from invoice_reminders where " + BY_INVOICE,
                                    "ids", ids)
                                    .flatMap(r -> Sql.update("delete from payments where " + BY_INVOICE, "ids", ids))
                                    .flatMap(p -> Sql.update("delete from invoice_lines where " + BY_INVOICE, "ids",
                                            ids))
                                    .flatMap(l -> Sql.update("delete from invoices where " + BY_ID, "ids", ids))
                                    .call(deleted -> deleteOrphanedCustomers(customers))
                                    .flatMap(deleted -> Sql.count("select (select count(*) from invoices where "
                                            + BY_ID + ") + (select count(*) from invoice_lines where " + BY_INVOICE
                                            + ") + (select count(*) from payments where " + BY_INVOICE
                                            + ") + (select count(*) from invoice_reminders where " + BY_INVOICE + ")",
                                            "ids", ids).map(remaining -> CategoryResult.of(deleted, remaining,
                                                    verification))));
                });
    }

    /** An anonymised customer row whose last retained invoice is gone has no purpose left. */
    private static Uni<Integer> deleteOrphanedCustomers(List<Number> customers) {
        return Sql.update("delete from customers c where c.anonymised_at is not null and c." + BY_ID
                + " and not exists (select 1 from invoices i where i.customer_id = c.id)"
                + " and not exists (select 1 from payment_methods m where m.customer_id = c.id)", "ids",
                SqlArrays.of(customers.stream().map(Number::longValue).toList()));
    }
}
