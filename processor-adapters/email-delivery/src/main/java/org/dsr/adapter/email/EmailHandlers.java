package org.dsr.adapter.email;

import jakarta.enterprise.context.ApplicationScoped;

import org.dsr.adapter.kit.DeleteRowsHandler;
import org.dsr.contracts.subject.IdentifierType;

/** The email categories that are rows hanging off a contact (or, for logs, addressed to the subject). */
final class EmailHandlers {

    private EmailHandlers() {
    }

    @ApplicationScoped
    static class ListMemberships extends DeleteRowsHandler {
        ListMemberships() {
            super("list-memberships", "list_memberships", EmailSubjectResolver.BY_CONTACT,
                    EmailSubjectResolver::contactIds, 10, "of the subject's contacts");
        }
    }

    @ApplicationScoped
    static class Consent extends DeleteRowsHandler {
        Consent() {
            super("consent", "consent_records", EmailSubjectResolver.BY_CONTACT, EmailSubjectResolver::contactIds, 10,
                    "of the subject's contacts");
        }
    }

    @ApplicationScoped
    static class DeliveryLogs extends DeleteRowsHandler {
        DeliveryLogs() {
            super("delivery-logs", "delivery_logs", EmailSubjectResolver.BY_CONTACT
                    + " or recipient = any(cast(cast(:emails as text) as text[]))",
                    s -> new Object[] { "ids", s.keyArray(EmailSubjectResolver.CONTACTS), "emails",
                            s.array(IdentifierType.EMAIL) },
                    10, "of the subject's contacts or addressed to the subject's email");
        }
    }
}
