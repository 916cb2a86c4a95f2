package org.dsr.request.status;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;

import org.dsr.kit.problem.Problem;

@Path("/api/v1/requests/{id}")
@Tag(name = "requests")
public class RequestStatusResource {

    private final RequestStatusService status;

    public RequestStatusResource(RequestStatusService status) {
        this.status = status;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "Status of a request and every processor's outcome so far")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RequestView.class)))
    @APIResponse(responseCode = "404", description = "No such request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RequestView> get(@PathParam("id") UUID id) {
        return status.view(id);
    }

    @GET
    @Path("/completion")
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "The newest completion record (CompletionRecordV1) exactly as the orchestrator signed it")
    @APIResponse(responseCode = "200", description = "CompletionRecordV1 JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "404", description = "No such request, or not completed yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<String> completion(@PathParam("id") UUID id) {
        return status.latestCompletion(id);
    }
}
