package org.dsr.request.compliance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.Json;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;
import org.dsr.kit.security.Roles;
import org.dsr.request.domain.RequestRepository;
import org.dsr.request.domain.RequestStatus;
import org.dsr.request.intake.SubmitRequest;
import org.dsr.request.status.CompletionRecordRepository;
import org.dsr.request.validation.IdentifierRules;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Compliance finds a person's requests and completion records by submitting one of their identifiers: the service
 * recomputes the pseudonym, so this works after shredding, when only the pseudonym remains.
 */
@Path("/api/v1/completions/lookup")
@Tag(name = "compliance")
@SecurityRequirement(name = "bearer")
public class LookupResource {

    private static final Logger LOG = Logger.getLogger(LookupResource.class);

    private final SubjectKeys keys;
    private final RequestRepository requests;
    private final CompletionRecordRepository records;

    public LookupResource(SubjectKeys keys, RequestRepository requests, CompletionRecordRepository records) {
        this.keys = keys;
        this.requests = requests;
        this.records = records;
    }

    public record LookupRequest(@NotNull @Valid SubmitRequest.IdentifierInput identifier) {}

    /** @param completionRecord the newest CompletionRecordV1 as signed, or null before completion */
    public record Match(
            UUID requestId,
            RequestType type,
            Jurisdiction jurisdiction,
            RequestStatus status,
            Instant receivedAt,
            Instant dueAt,
            Instant completedAt,
            Instant shreddedAt,
            JsonNode completionRecord) {}

    public record LookupResult(List<Match> requests) {}

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @POST
    @RolesAllowed(Roles.COMPLIANCE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "A person's requests and completion records, found by one of their identifiers",
            description = "The identifier is pseudonymised and never stored, logged or echoed.")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LookupResult.class)))
    @APIResponse(
            responseCode = "400",
            description = "Invalid identifier",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<LookupResult> lookup(@Valid LookupRequest body) {
        if (body == null) {
            throw new ProblemException(Problem.of(
                    "malformed-json",
                    "Malformed request body",
                    400,
                    "The body is empty; a JSON object is required",
                    null));
        }
        String pseudonym = keys.pseudonym(IdentifierRules.canonical(
                body.identifier().type(), body.identifier().value()));
        return Panache.withSession(() -> requests.bySubject(pseudonym).flatMap(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(List.<Match>of());
                    }
                    return Multi.createFrom()
                            .iterable(found)
                            .onItem()
                            .transformToUniAndConcatenate(r -> records.latest(r.id)
                                    .map(rec -> new Match(
                                            r.id,
                                            r.type,
                                            r.jurisdiction,
                                            r.status,
                                            r.receivedAt,
                                            r.dueAt,
                                            r.completedAt,
                                            r.shreddedAt,
                                            rec == null ? null : tree(rec.data))))
                            .collect()
                            .asList();
                }))
                .map(LookupResult::new)
                .invoke(result -> LOG.infof(
                        "compliance look-up: %d request(s) found",
                        result.requests().size()));
    }
}
