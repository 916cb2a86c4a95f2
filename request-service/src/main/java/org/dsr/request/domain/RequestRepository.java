package org.dsr.request.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RequestRepository implements PanacheRepositoryBase<DataSubjectRequest, UUID> {

    static final List<RequestStatus> CLOSED =
            List.of(RequestStatus.COMPLETED, RequestStatus.COMPLETED_WITH_RETENTION, RequestStatus.CANCELLED);

    /** RECEIVED becomes IN_PROGRESS; any other status stays. One statement, so no lost update. */
    public Uni<Integer> markInProgress(UUID id, Instant now) {
        return update(
                "status = ?1, updatedAt = ?2 where id = ?3 and status = ?4",
                RequestStatus.IN_PROGRESS,
                now,
                id,
                RequestStatus.RECEIVED);
    }

    public Uni<Integer> markInProgress(java.util.Collection<UUID> ids, Instant now) {
        return update(
                "status = ?1, updatedAt = ?2 where id in ?3 and status = ?4",
                RequestStatus.IN_PROGRESS,
                now,
                ids,
                RequestStatus.RECEIVED);
    }

    /**
     * Applies a verified completion record unless a newer version was applied already.
     *
     * @param completedAt the record's own completion time, shown as the request's
     * @param acceptedAt when this service accepted the record (never earlier than {@code completedAt}): the shredding
     *        clock starts here, so an old {@code completedAt} in a message cannot shorten the grace period
     */
    public Uni<Integer> complete(UUID id, RequestStatus status, Instant completedAt, int version, Instant acceptedAt) {
        return update(
                "status = ?1, completedAt = ?2, completionVersion = ?3, completionAcceptedAt = ?4, updatedAt = ?4"
                        + " where id = ?5 and (completionVersion is null or completionVersion <= ?3)",
                status,
                completedAt,
                version,
                acceptedAt,
                id);
    }

    /** The open requests of these subjects, any type. */
    public Uni<List<DataSubjectRequest>> findOpen(java.util.Collection<String> pseudonyms) {
        return list("subjectPseudonym in ?1 and status not in ?2", pseudonyms, CLOSED);
    }

    /** Every request one of whose identifiers has this pseudonym, newest first. */
    public Uni<List<DataSubjectRequest>> bySubject(String pseudonym) {
        return list(
                "id in (select p.requestId from RequestPseudonym p where p.pseudonym = ?1)"
                        + " or subjectPseudonym = ?1 order by receivedAt desc",
                pseudonym);
    }
}
