package org.dsr.adapter.payments;

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
 * The customer row stays (retained invoices reference it) but loses everything bookkeeping does not need: name,
 * email, phone, address, org number and customer number. The invoice itself keeps the buyer's name and address.
 */
@ApplicationScoped
public class CustomerProfileHandler implements DataCategoryHandler {

    static final String ANONYMISED_NAME = "[anonymised]";
    private static final String BY_ID = " where id = any(cast(cast(:ids as text) as bigint[]))";

    @Override
    public String category() {
        return "customer-profile";
    }

    @Override
    public Set<Action> supportedActions() {
        return Set.of(Action.ANONYMISE);
    }

    @Override
    public int executionOrder() {
        return 30;
    }

    @Override
    public Uni<CategoryResult> apply(Action action, SubjectMatch subject, ProcessorCommandV1 command) {
        String ids = subject.keyArray(PaymentsSubjectResolver.CUSTOMERS);
        return Sql.update("update customers set name = '" + ANONYMISED_NAME + "', email = null, phone = null,"
                + " address = null, org_number = null, customer_number = null, anonymised_at = now()" + BY_ID,
                "ids", ids)
                .flatMap(changed -> Sql.count("select count(*) from customers" + BY_ID + " and (name <> '"
                        + ANONYMISED_NAME + "' or email is not null or phone is not null or address is not null"
                        + " or org_number is not null or customer_number is not null)", "ids", ids)
                        .map(remaining -> CategoryResult.of(changed, remaining, "count of the subject's customer rows"
                                + " still holding a name, email, phone, address, org number or customer number")));
    }
}
