package org.dsr.request.intake;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.Topics;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.crypto.IdentifierCipher;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.dsr.contracts.time.Deadlines;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.kit.outbox.OutboxService;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;
import org.dsr.kit.reactive.InOrder;
import org.dsr.request.domain.DataSubjectRequest;
import org.dsr.request.domain.RequestPseudonym;
import org.dsr.request.domain.RequestPseudonymRepository;
import org.dsr.request.domain.RequestRepository;
import org.dsr.request.domain.RequestStatus;
import org.dsr.request.domain.Verification;
import org.dsr.request.keys.DataKeyRepository;
import org.dsr.request.keys.DataKeys;
import org.dsr.request.validation.IdentifierRules;
import org.jboss.logging.Logger;

/**
 * Accepts a request, from REST or from {@code dsr.intake}: one transaction checks the caller's Idempotency-Key,
 * returns the caller's own open request for the same subject and type if there is one, or stores a new one (subject
 * pseudonymised, identifiers encrypted under a fresh data key) and, once its subject is verified, enqueues
 * {@link RequestSubmittedV1} in the outbox.
 */
@ApplicationScoped
public class IntakeService {

    private static final Logger LOG = Logger.getLogger(IntakeService.class);

    private final SubjectKeys keys;
    private final DataKeys dataKeys;
    private final OutboxService outbox;
    private final RequestRepository requests;
    private final RequestPseudonymRepository pseudonymRows;
    private final IdempotencyRecordRepository idempotency;
    private final DataKeyRepository dataKeyRows;
    private final Clock clock;

    public IntakeService(
            SubjectKeys keys,
            DataKeys dataKeys,
            OutboxService outbox,
            RequestRepository requests,
            RequestPseudonymRepository pseudonymRows,
            IdempotencyRecordRepository idempotency,
            DataKeyRepository dataKeyRows,
            Clock clock) {
        this.keys = keys;
        this.dataKeys = dataKeys;
        this.outbox = outbox;
        this.requests = requests;
        this.pseudonymRows = pseudonymRows;
        this.idempotency = idempotency;
        this.dataKeyRows = dataKeyRows;
        this.clock = clock;
    }

    /** What a submission led to. */
    public enum Kind {
        CREATED,
        DUPLICATE,
        REPLAYED
    }

    /**
     * @param status the HTTP status this submission answers with (a replay: the original one)
     * @param body the JSON answer (a replay: the original one)
     */
    public record Result(Kind kind, UUID requestId, int status, String body) {}

    /** REST: its own transaction; a lost race on the open-request index is retried and then finds the winner. */
    public Uni<Result> submit(SubmitRequest body, String caller, String idempotencyKey) {
        return Uni.createFrom()
                .deferred(() -> Panache.withTransaction(() -> submitInTransaction(body, caller, idempotencyKey)))
                .onFailure(IntakeService::isUniqueViolation)
                .retry()
                .atMost(2);
    }

    /** Inside the caller's transaction (the Kafka intake's inbox transaction). */
    public Uni<Result> submitInTransaction(SubmitRequest body, String caller, String idempotencyKey) {
        // one decision path for REST and Kafka: a batch of one
        return submitAllInTransaction(List.of(new Submission(body, caller, idempotencyKey)))
                .map(results -> results.get(0));
    }

    /** One submission of a batch: what the caller sent, who sent it, and its idempotency key (may be null). */
    public record Submission(SubmitRequest body, String caller, String idempotencyKey) {}

    /**
     * A poll's submissions inside the caller's transaction, with one read of their idempotency records and one of
     * their subjects' open requests for the whole poll, then each in order: a later submission sees the request or
     * idempotency record an earlier one of the same poll made.
     */
    public Uni<List<Result>> submitAllInTransaction(List<Submission> submissions) {
        List<Prepared> prepared = submissions.stream().map(this::prepare).toList();
        Set<String> callers = new HashSet<>();
        Set<String> keys = new HashSet<>();
        Set<String> subjects = new HashSet<>();
        prepared.forEach(p -> {
            if (p.submission().idempotencyKey() != null) {
                callers.add(p.submission().caller());
                keys.add(p.submission().idempotencyKey());
            }
            subjects.add(p.subject());
        });
        // both columns of the primary key (caller, idempotency_key): an index scan, not a read of the whole table
        Uni<List<IdempotencyRecord>> earlier = idempotency.of(callers, keys);
        return earlier.flatMap(records -> requests.findOpen(subjects).flatMap(openRequests -> {
            Map<IdempotencyRecord.Key, IdempotencyRecord> remembered = new HashMap<>();
            records.forEach(r -> remembered.put(new IdempotencyRecord.Key(r.caller, r.idempotencyKey), r));
            Map<String, DataSubjectRequest> open = new HashMap<>();
            openRequests.forEach(r -> open.put(openKey(r.subjectPseudonym, r.type, r.submittedBy), r));
            // one after the other, each seeing what the earlier ones did (InOrder: no nesting per event)
            return InOrder.map(prepared, p -> {
                Submission s = p.submission();
                IdempotencyRecord.Key key =
                        s.idempotencyKey() == null ? null : new IdempotencyRecord.Key(s.caller(), s.idempotencyKey());
                IdempotencyRecord record = key == null ? null : remembered.get(key);
                Uni<Decided> decided = record != null
                        ? replay(p, record)
                        : decide(p, open.get(openKey(p.subject(), s.body().type(), s.caller())));
                return decided.invoke(d -> {
                            if (d.request() != null) {
                                open.put(openKey(p.subject(), s.body().type(), s.caller()), d.request());
                            }
                            if (d.remembered() != null) {
                                remembered.put(key, d.remembered());
                            }
                        })
                        .map(Decided::result);
            });
        }));
    }

    /**
     * Open requests are shared per submitter only: another caller's submission for the same person never learns
     * that a request is open (its id, status or dates), it gets its own request, as for a person nobody asked about.
     */
    private static String openKey(String subject, RequestType type, String submitter) {
        return subject + "|" + type + "|" + submitter;
    }

    /** A submission canonicalised and pseudonymised, with the hash that tells a replay from a reused key. */
    private record Prepared(
            Submission submission,
            List<Identifier> identifiers,
            List<String> pseudonyms,
            Verification verification,
            String requestHash) {

        String subject() {
            return pseudonyms.get(0);
        }
    }

    /** What became of a submission: the answer, the request it names, and the idempotency record it wrote. */
    private record Decided(Result result, DataSubjectRequest request, IdempotencyRecord remembered) {}

    private Prepared prepare(Submission submission) {
        SubmitRequest body = submission.body();
        List<Identifier> identifiers = body.subject().identifiers().stream()
                .map(i -> IdentifierRules.canonical(i.type(), i.value()))
                .toList();
        List<String> pseudonyms = identifiers.stream().map(keys::pseudonym).toList();
        Verification verification = body.verificationOrDefault();
        String requestHash = Hashes.sha256Hex(
                (body.type() + "|" + body.jurisdiction() + "|" + verification + "|" + String.join(",", pseudonyms))
                        .getBytes(StandardCharsets.UTF_8));
        return new Prepared(submission, identifiers, pseudonyms, verification, requestHash);
    }

    /** The same Idempotency-Key again: the original answer, or 422 when the body differs. */
    private static Uni<Decided> replay(Prepared p, IdempotencyRecord record) {
        if (!record.requestHash.equals(p.requestHash())) {
            return Uni.createFrom()
                    .failure(new ProblemException(Problem.of(
                            "idempotency-key-reused",
                            "Idempotency-Key reused",
                            422,
                            "This Idempotency-Key was used with a different request"
                                    + " body; use a new key for a new request",
                            null)));
        }
        return Uni.createFrom()
                .item(new Decided(
                        new Result(Kind.REPLAYED, record.requestId, record.responseStatus, record.responseBody),
                        null,
                        null));
    }

    /** This caller's open request for the subject and type if there is one, else a new request. */
    private Uni<Decided> decide(Prepared p, DataSubjectRequest open) {
        Submission s = p.submission();
        if (open != null) {
            LOG.infof("request %s is already open for this subject and type; returned instead of a new one", open.id);
            return remember(s.caller(), s.idempotencyKey(), p.requestHash(), open, Kind.DUPLICATE, 200);
        }
        return create(s.body(), s.caller(), p.identifiers(), p.pseudonyms(), p.verification())
                .flatMap(created ->
                        remember(s.caller(), s.idempotencyKey(), p.requestHash(), created, Kind.CREATED, 202));
    }

    private Uni<Decided> remember(
            String caller,
            String idempotencyKey,
            String requestHash,
            DataSubjectRequest request,
            Kind kind,
            int status) {
        String json = Json.write(SubmitResponse.of(request, kind == Kind.DUPLICATE));
        Result result = new Result(kind, request.id, status, json);
        if (idempotencyKey == null) {
            return Uni.createFrom().item(new Decided(result, request, null));
        }
        IdempotencyRecord record = new IdempotencyRecord();
        record.caller = caller;
        record.idempotencyKey = idempotencyKey;
        record.requestHash = requestHash;
        record.requestId = request.id;
        record.responseStatus = status;
        record.responseBody = json;
        record.createdAt = clock.instant();
        return idempotency.persist(record).replaceWith(new Decided(result, request, record));
    }

    private Uni<DataSubjectRequest> create(
            SubmitRequest body,
            String caller,
            List<Identifier> identifiers,
            List<String> pseudonyms,
            Verification verification) {
        UUID requestId = UUID.randomUUID();
        // PostgreSQL keeps microseconds: what we answer is what a later GET returns.
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant dueAt = Deadlines.dueAt(receivedAt, body.jurisdiction());

        List<IdentifierType> types =
                identifiers.stream().map(Identifier::type).distinct().toList();
        DataKeys.NewKey dataKey = dataKeys.generate(requestId, receivedAt);
        EncryptedIdentifiers encrypted =
                IdentifierCipher.encrypt(identifiers, dataKey.keyId(), dataKey.key(), requestId.toString());

        DataSubjectRequest request = new DataSubjectRequest();
        request.id = requestId;
        request.type = body.type();
        request.jurisdiction = body.jurisdiction();
        request.verification = verification;
        request.status =
                verification == Verification.VERIFIED ? RequestStatus.RECEIVED : RequestStatus.PENDING_VERIFICATION;
        request.subjectPseudonym = pseudonyms.get(0);
        request.setIdentifiers(types, encrypted);
        request.receivedAt = receivedAt;
        request.dueAt = dueAt;
        request.updatedAt = receivedAt;
        request.submittedBy = caller;

        List<RequestPseudonym> rows = new ArrayList<>();
        pseudonyms.stream().distinct().forEach(p -> rows.add(new RequestPseudonym(p, requestId)));

        return requests.persist(request)
                .replaceWithVoid()
                .call(() -> dataKeyRows.persist(dataKey.row()))
                .call(() -> pseudonymRows.persist(rows))
                // announced only once verified: an unverified request waits for its verification
                .call(() -> verification == Verification.VERIFIED
                        ? announce(request)
                        : Uni.createFrom().voidItem())
                .replaceWith(request)
                .invoke(() -> LOG.infof(
                        "request %s accepted: %s, %s, %d identifier(s), %s",
                        requestId, body.type(), body.jurisdiction(), identifiers.size(), request.status));
    }

    /** Enqueues {@link RequestSubmittedV1}: only ever for a verified request, in the caller's transaction. */
    public Uni<Void> announce(DataSubjectRequest request) {
        RequestSubmittedV1 event = new RequestSubmittedV1(
                request.id,
                request.type,
                request.jurisdiction,
                new Subject(request.subjectPseudonym, request.identifierTypeList(), request.encryptedIdentifiers()),
                request.receivedAt,
                request.dueAt);
        return outbox.enqueue(
                        Topics.REQUESTS, request.subjectPseudonym, RequestSubmittedV1.TYPE, UUID.randomUUID(), event)
                .replaceWithVoid();
    }

    /** Another transaction created the same open request or used the same Idempotency-Key at the same moment. */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
