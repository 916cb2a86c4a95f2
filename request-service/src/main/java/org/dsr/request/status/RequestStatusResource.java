package org.dsr.request.status;

import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import io.smallrye.mutiny.Uni;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.security.Roles;
import org.dsr.request.security.Caller;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/requests/{id}")
@Tag(name = "requests")
@SecurityRequirement(name = "bearer")
@APIResponse(
        responseCode = "401",
        description = "No valid bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Role not allowed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class RequestStatusResource {

    private final RequestStatusService status;
    private final VerificationService verification;
    private final Caller caller;

    public RequestStatusResource(RequestStatusService status, VerificationService verification, Caller caller) {
        this.status = status;
        this.verification = verification;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.SUBMITTER, Roles.OPERATOR, Roles.COMPLIANCE})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Status of a request, its deadline and every processor's outcome so far",
            description = "A submitter reads only the requests it submitted (others answer 404).")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RequestView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RequestView> get(@PathParam("id") UUID id) {
        return status.view(id, caller.readsAll() ? null : caller.id());
    }

    @GET
    @Path("/completion")
    @RolesAllowed({Roles.SUBMITTER, Roles.OPERATOR, Roles.COMPLIANCE})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "The newest completion record (CompletionRecordV1) exactly as the orchestrator signed it")
    @APIResponse(
            responseCode = "200",
            description = "CompletionRecordV1 JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(
            responseCode = "404",
            description = "No such request, or not completed yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<String> completion(@PathParam("id") UUID id) {
        return status.latestCompletion(id, caller.readsAll() ? null : caller.id());
    }

    @POST
    @Path("/verify")
    @RolesAllowed(Roles.OPERATOR)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Confirm the subject's identity of a PENDING_VERIFICATION request: it starts now")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RequestView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The request is not pending verification",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RequestView> verify(@PathParam("id") UUID id) {
        String operator = caller.id();
        return verification.verify(id, operator).flatMap(x -> status.view(id, null));
    }
}
