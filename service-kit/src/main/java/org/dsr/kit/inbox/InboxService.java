package org.dsr.kit.inbox;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Check-and-record of processed message ids, inside the consumer's own transaction. */
@ApplicationScoped
public class InboxService {

    /** True the first time this consumer sees the message; the record commits or rolls back with the work. */
    public Uni<Boolean> firstDelivery(String consumer, String messageId) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("insert into inbox_message (consumer, message_id) values (:consumer, :id)"
                        + " on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("id", messageId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
