package org.dsr.orchestrator.console.compliance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.orchestrator.console.compliance.ComplianceViews.LookupRow;
import org.dsr.orchestrator.console.compliance.ComplianceViews.LookupView;
import org.dsr.orchestrator.console.compliance.RequestServiceClient.LookupFailed;
import org.dsr.orchestrator.proof.CompletionChainRepository;
import org.dsr.orchestrator.proof.CompletionRecordEntity;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Finds a person's requests by one identifier: request-service pseudonymises it and answers the matching request
 * ids (asked with the signed-in user's own token); the records come from the orchestrator's own chain. The value is
 * passed on and dropped: it is not stored, logged, echoed in the page or in an error.
 */
@ApplicationScoped
public class LookupService {

    private static final Logger LOG = Logger.getLogger(LookupService.class);
    static final int MAX_IDENTIFIER = 320;

    private final CompletionChainRepository records;
    private final RequestServiceClient requestService;

    public LookupService(CompletionChainRepository records, @RestClient RequestServiceClient requestService) {
        this.records = records;
        this.requestService = requestService;
    }

    /** The matches, or the reason there are none to show (a form error or request-service's answer). */
    public Uni<LookupView> lookup(String type, String value, String rawToken) {
        String typeName = type == null ? "" : type.strip();
        boolean knownType =
                Arrays.stream(IdentifierType.values()).anyMatch(t -> t.name().equals(typeName));
        String error = !knownType
                ? "Choose the kind of identifier."
                : value == null || value.isBlank()
                        ? "Enter the identifier to look up."
                        : value.length() > MAX_IDENTIFIER
                                ? "An identifier has at most " + MAX_IDENTIFIER + " characters."
                                : null;
        if (error != null) {
            return Uni.createFrom().item(new LookupView(knownType ? typeName : null, List.of(), error));
        }
        return requestService
                .lookup(
                        "Bearer " + rawToken,
                        new RequestServiceClient.LookupRequest(
                                new RequestServiceClient.IdentifierInput(typeName, value)))
                .flatMap(result -> matches(typeName, result))
                .onFailure()
                .recoverWithItem(failure -> new LookupView(typeName, List.of(), explain(failure)));
    }

    private Uni<LookupView> matches(String type, RequestServiceClient.LookupResult result) {
        List<RequestServiceClient.Match> found = result.requests() == null ? List.of() : result.requests();
        Set<UUID> ids = found.stream()
                .map(RequestServiceClient.Match::requestId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return Panache.withSession(() -> records.ofRequests(ids)).map(stored -> {
            Map<UUID, List<CompletionRecordEntity>> byRequest =
                    stored.stream().collect(Collectors.groupingBy(r -> r.requestId));
            List<LookupRow> rows = new ArrayList<>();
            for (RequestServiceClient.Match m : found) {
                List<CompletionRecordEntity> versions = byRequest.getOrDefault(m.requestId(), List.of());
                String recordStatus = versions.isEmpty() ? null : versions.get(versions.size() - 1).status;
                rows.add(new LookupRow(
                        String.valueOf(m.requestId()),
                        m.type(),
                        m.jurisdiction(),
                        m.status(),
                        RecordView.time(m.receivedAt()),
                        RecordView.time(m.completedAt()),
                        m.shreddedAt() != null,
                        versions.size(),
                        recordStatus));
            }
            LOG.infof("compliance look-up by %s identifier: %d request(s)", type, rows.size());
            return new LookupView(type, rows, null);
        });
    }

    /** What went wrong, for the page: request-service's field messages never quote the value. */
    static String explain(Throwable failure) {
        if (failure instanceof LookupFailed f) {
            if (f.status() == 400 && f.problem() != null) {
                try {
                    JsonNode problem = Json.MAPPER.readTree(f.problem());
                    List<String> messages = new ArrayList<>();
                    problem.path("errors")
                            .forEach(e -> messages.add(e.path("message").asText()));
                    if (!messages.isEmpty()) {
                        return "request-service did not accept the identifier: " + String.join("; ", messages) + ".";
                    }
                } catch (java.io.IOException | RuntimeException unreadable) {
                    // fall through to the generic answer
                }
                return "request-service did not accept the identifier.";
            }
            if (f.status() == 401 || f.status() == 403) {
                LOG.warnf("compliance look-up refused by request-service: %d", f.status());
                return "request-service refused the look-up (" + f.status() + "): your sign-in is not valid there.";
            }
            LOG.warnf("compliance look-up failed at request-service: %d", f.status());
            return "request-service could not answer the look-up (" + f.status() + "). Try again later.";
        }
        LOG.warnf(
                "compliance look-up: request-service unreachable (%s)",
                failure.getClass().getSimpleName());
        return "request-service could not be reached; the look-up by identifier needs it. Look up by request id, "
                + "or try again later.";
    }
}
