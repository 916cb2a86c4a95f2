package org.dsr.adapter.payments;

import jakarta.enterprise.context.ApplicationScoped;

import org.dsr.adapter.kit.DeleteRowsHandler;

/** Card tokens and other payment methods: not needed for bookkeeping, erased. */
@ApplicationScoped
public class PaymentMethodsHandler extends DeleteRowsHandler {

    public PaymentMethodsHandler() {
        super("payment-methods", "payment_methods", PaymentsSubjectResolver.BY_CUSTOMER,
                PaymentsSubjectResolver::customerIds, 10, "of the subject's customers");
    }
}
