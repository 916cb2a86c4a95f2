package org.dsr.kit.inbox;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.json.Json;

/** Check-and-record of processed message ids, inside the consumer's own transaction. */
@ApplicationScoped
public class InboxService {

    /** True the first time this consumer sees the message; the record commits or rolls back with the work. */
    public Uni<Boolean> firstDelivery(String consumer, String messageId) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "insert into inbox_message (consumer, message_id) values (:consumer, :id)"
                                        + " on conflict do nothing")
                        .setParameter("consumer", consumer)
                        .setParameter("id", messageId)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /**
     * Records many message ids with one statement and answers the ones seen for the first time. An id that another
     * transaction has recorded but not yet committed makes this statement wait for that transaction, so two
     * consumers never both treat one message as new. Ids repeated in {@code messageIds} are recorded once.
     */
    public Uni<Set<String>> firstDeliveries(String consumer, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        // bound as text, then cast: a parameter typed jsonb would take the Java string as one JSON string
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "with recorded as (insert into inbox_message (consumer, message_id)"
                                        + " select :consumer, id from jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)) as t(id)"
                                        + " on conflict do nothing returning message_id) select message_id from recorded",
                                String.class)
                        .setParameter("consumer", consumer)
                        .setParameter("ids", Json.write(messageIds))
                        .getResultList())
                .map(HashSet::new);
    }
}
