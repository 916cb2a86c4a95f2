package org.dsr.request.status;

import java.util.ArrayList;
import java.util.Comparator;
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
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.Retention;
import org.dsr.contracts.json.Json;
import org.dsr.kit.problem.ProblemException;
import org.dsr.request.domain.DataSubjectRequest;
import org.dsr.request.domain.RequestRepository;

@ApplicationScoped
public class RequestStatusService {

    /** Worst first: what an operator must look at before what is settled. */
    static final List<OutcomeStatus> SEVERITY = List.of(OutcomeStatus.FAILED, OutcomeStatus.PENDING,
            OutcomeStatus.RETAINED, OutcomeStatus.RESTRICTED, OutcomeStatus.ANONYMISED, OutcomeStatus.LIFTED,
            OutcomeStatus.ERASED, OutcomeStatus.NOT_FOUND);

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final RequestRepository requests;
    private final RequestOutcomeRepository outcomes;
    private final CompletionRecordRepository records;

    public RequestStatusService(RequestRepository requests, RequestOutcomeRepository outcomes,
            CompletionRecordRepository records) {
        this.requests = requests;
        this.outcomes = outcomes;
        this.records = records;
    }

    public Uni<RequestView> view(UUID id) {
        return Panache.withSession(() -> requests.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Request " + id))
                .flatMap(request -> outcomes.forRequest(id).map(rows -> toView(request, rows))));
    }

    /** The raw JSON of the newest completion record. */
    public Uni<String> latestCompletion(UUID id) {
        return Panache.withSession(() -> requests.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Request " + id))
                .flatMap(request -> records.latest(id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Completion record of request " + id))
                .map(record -> record.data));
    }

    static RequestView toView(DataSubjectRequest request, List<RequestOutcome> rows) {
        Map<String, List<RequestView.CategoryView>> byProcessor = new LinkedHashMap<>();
        for (RequestOutcome row : rows) {
            byProcessor.computeIfAbsent(row.processor, p -> new ArrayList<>()).add(category(row));
        }
        List<RequestView.ProcessorView> processors = byProcessor.entrySet().stream()
                .map(e -> new RequestView.ProcessorView(e.getKey(), worst(e.getValue()), List.copyOf(e.getValue())))
                .toList();
        return new RequestView(request.id, request.type, request.jurisdiction, request.status, request.receivedAt,
                request.dueAt, request.completedAt, processors);
    }

    static OutcomeStatus worst(List<RequestView.CategoryView> categories) {
        return categories.stream().map(RequestView.CategoryView::status)
                .min(Comparator.comparingInt(SEVERITY::indexOf)).orElse(null);
    }

    private static RequestView.CategoryView category(RequestOutcome row) {
        Evidence evidence = row.rowsAffected == null && row.verification == null ? null
                : new Evidence(nz(row.rowsAffected), nz(row.remainingMatches), row.verification);
        Retention retention = row.legalBasis == null && row.retainUntil == null && row.retentionHandles == null
                ? null
                : new Retention(row.legalBasis, row.retainUntil, handles(row.retentionHandles));
        Failure failure = row.failureReason == null && row.failureRetryable == null ? null
                : new Failure(Boolean.TRUE.equals(row.failureRetryable), row.failureReason);
        return new RequestView.CategoryView(row.category, row.action, row.status, evidence, retention,
                row.expectedCompletion, failure, row.outcomeCompletedAt, row.signed, row.updatedAt);
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
