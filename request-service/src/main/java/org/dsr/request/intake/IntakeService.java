package org.dsr.request.intake;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import org.dsr.contracts.Topics;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.dsr.contracts.time.Deadlines;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.kit.outbox.OutboxService;
import org.dsr.request.domain.DataSubjectRequest;
import org.dsr.request.domain.RequestRepository;
import org.dsr.request.domain.RequestStatus;

/**
 * Accepts a request: one transaction stores it (subject pseudonymised and encrypted) and enqueues
 * {@link RequestSubmittedV1} in the outbox. REST calls it today; the Kafka intake on {@code dsr.intake} and the
 * Idempotency-Key lookup will call the same {@link #submit}.
 */
@ApplicationScoped
public class IntakeService {

    private static final Logger LOG = Logger.getLogger(IntakeService.class);

    private final SubjectKeys keys;
    private final OutboxService outbox;
    private final RequestRepository requests;

    public IntakeService(SubjectKeys keys, OutboxService outbox, RequestRepository requests) {
        this.keys = keys;
        this.outbox = outbox;
        this.requests = requests;
    }

    public Uni<DataSubjectRequest> submit(SubmitRequest body) {
        UUID requestId = UUID.randomUUID();
        // PostgreSQL keeps microseconds: what we answer is what a later GET returns.
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant dueAt = Deadlines.dueAt(receivedAt, body.jurisdiction());

        List<Identifier> identifiers = body.subject().identifiers().stream()
                .map(i -> new Identifier(i.type(), i.value()).normalised()).toList();
        List<IdentifierType> types = identifiers.stream().map(Identifier::type).distinct().toList();
        String pseudonym = keys.pseudonym(identifiers.get(0));
        EncryptedIdentifiers encrypted = keys.encrypt(identifiers, requestId.toString());

        DataSubjectRequest request = new DataSubjectRequest();
        request.id = requestId;
        request.type = body.type();
        request.jurisdiction = body.jurisdiction();
        request.status = RequestStatus.RECEIVED;
        request.subjectPseudonym = pseudonym;
        request.setIdentifiers(types, encrypted);
        request.receivedAt = receivedAt;
        request.dueAt = dueAt;
        request.updatedAt = receivedAt;

        RequestSubmittedV1 event = new RequestSubmittedV1(requestId, body.type(), body.jurisdiction(),
                new Subject(pseudonym, types, encrypted), receivedAt, dueAt);

        return Panache.withTransaction(() -> requests.persist(request)
                .call(() -> outbox.enqueue(Topics.REQUESTS, pseudonym, RequestSubmittedV1.TYPE, UUID.randomUUID(),
                        event)))
                .invoke(() -> LOG.infof("request %s accepted: %s, %s, %d identifier(s)", requestId, body.type(),
                        body.jurisdiction(), identifiers.size()));
    }
}
