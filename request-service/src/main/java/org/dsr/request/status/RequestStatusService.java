package org.dsr.request.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Failure;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.event.Retention;
import org.dsr.contracts.json.Json;
import org.dsr.kit.problem.ProblemException;
import org.dsr.request.domain.DataSubjectRequest;
import org.dsr.request.domain.RequestRepository;
import org.dsr.request.domain.RequestStatus;

@ApplicationScoped
public class RequestStatusService {

    /** Worst first: what an operator must look at before what is settled. */
    static final List<OutcomeStatus> SEVERITY = List.of(
            OutcomeStatus.FAILED,
            OutcomeStatus.PENDING,
            OutcomeStatus.RETAINED,
            OutcomeStatus.RESTRICTED,
            OutcomeStatus.ANONYMISED,
            OutcomeStatus.LIFTED,
            OutcomeStatus.ERASED,
            OutcomeStatus.NOT_FOUND);

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final RequestRepository requests;
    private final RequestOutcomeRepository outcomes;
    private final CompletionRecordRepository records;
    private final Clock clock;

    public RequestStatusService(
            RequestRepository requests,
            RequestOutcomeRepository outcomes,
            CompletionRecordRepository records,
            Clock clock) {
        this.requests = requests;
        this.outcomes = outcomes;
        this.records = records;
        this.clock = clock;
    }

    /**
     * @param owner when not null, only a request this caller submitted is found (a submitter reads its own: another
     *        caller's request is "not found", which does not reveal that it exists)
     */
    public Uni<RequestView> view(UUID id, String owner) {
        return Panache.withSession(() -> find(id, owner)
                .flatMap(request -> outcomes.forRequest(id).map(rows -> toView(request, rows, clock.instant()))));
    }

    /** The raw JSON of the newest completion record. */
    public Uni<String> latestCompletion(UUID id, String owner) {
        return Panache.withSession(() -> find(id, owner)
                .flatMap(request -> records.latest(id))
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Completion record of request " + id))
                .map(record -> record.data));
    }

    private Uni<DataSubjectRequest> find(UUID id, String owner) {
        return requests.findById(id)
                .map(request ->
                        request != null && (owner == null || owner.equals(request.submittedBy)) ? request : null)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Request " + id));
    }

    /** Operators' list, newest first; every filter optional. */
    public Uni<RequestSummary.Page> list(
            RequestStatus status, RequestType type, Jurisdiction jurisdiction, Boolean overdue, int limit, int offset) {
        Instant now = clock.instant();
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        if (type != null) {
            where.add("type = :type");
            params.put("type", type);
        }
        if (jurisdiction != null) {
            where.add("jurisdiction = :jurisdiction");
            params.put("jurisdiction", jurisdiction);
        }
        if (overdue != null) {
            String late = "(status not in :closed and coalesce(extendedDueAt, dueAt) < :now)";
            where.add(overdue ? late : "not " + late);
            params.put("closed", CLOSED_OR_ANSWERED);
            params.put("now", now);
        }
        String query = where.isEmpty() ? "" : String.join(" and ", where);
        return Panache.withSession(() -> requests.find(
                        query + (query.isEmpty() ? "" : " ") + "order by receivedAt desc", params)
                .range(offset, offset + limit - 1)
                .list()
                .flatMap(items -> (query.isEmpty() ? requests.count() : requests.count(query, params))
                        .map(total -> new RequestSummary.Page(
                                items.stream()
                                        .map(r -> RequestSummary.of(r, now))
                                        .toList(),
                                total,
                                limit,
                                offset))));
    }

    /** Closed, or answered by a completion record: neither can be overdue. */
    static final List<RequestStatus> CLOSED_OR_ANSWERED =
            List.of(RequestStatus.COMPLETED, RequestStatus.COMPLETED_WITH_RETENTION, RequestStatus.CANCELLED);

    static RequestView.Extension extension(DataSubjectRequest r) {
        return r.extendedDueAt == null ? null : new RequestView.Extension(r.extendedDueAt, r.extensionReason);
    }

    static boolean overdue(DataSubjectRequest r, Instant now) {
        return !CLOSED_OR_ANSWERED.contains(r.status) && r.effectiveDueAt().isBefore(now);
    }

    static RequestView toView(DataSubjectRequest request, List<RequestOutcome> rows, Instant now) {
        Map<String, List<RequestView.CategoryView>> byProcessor = new LinkedHashMap<>();
        for (RequestOutcome row : rows) {
            byProcessor.computeIfAbsent(row.processor, p -> new ArrayList<>()).add(category(row));
        }
        List<RequestView.ProcessorView> processors = byProcessor.entrySet().stream()
                .map(e -> new RequestView.ProcessorView(e.getKey(), worst(e.getValue()), List.copyOf(e.getValue())))
                .toList();
        return new RequestView(
                request.id,
                request.type,
                request.jurisdiction,
                request.status,
                request.verification,
                request.receivedAt,
                request.dueAt,
                extension(request),
                overdue(request, now),
                request.completedAt,
                request.shreddedAt,
                processors);
    }

    static OutcomeStatus worst(List<RequestView.CategoryView> categories) {
        return categories.stream()
                .map(RequestView.CategoryView::status)
                .min(Comparator.comparingInt(SEVERITY::indexOf))
                .orElse(null);
    }

    private static RequestView.CategoryView category(RequestOutcome row) {
        Evidence evidence = row.rowsAffected == null && row.verification == null
                ? null
                : new Evidence(nz(row.rowsAffected), nz(row.remainingMatches), row.verification);
        Retention retention = row.legalBasis == null && row.retainUntil == null && row.retentionHandles == null
                ? null
                : new Retention(row.legalBasis, row.retainUntil, handles(row.retentionHandles));
        Failure failure = row.failureReason == null && row.failureRetryable == null
                ? null
                : new Failure(Boolean.TRUE.equals(row.failureRetryable), row.failureReason);
        return new RequestView.CategoryView(
                row.category,
                row.action,
                row.status,
                evidence,
                retention,
                row.expectedCompletion,
                failure,
                row.outcomeCompletedAt,
                row.signed,
                row.updatedAt);
    }

    private static List<String> handles(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, STRINGS);
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static long nz(Long value) {
        return value == null ? 0 : value;
    }
}
