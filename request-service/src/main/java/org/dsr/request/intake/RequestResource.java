package org.dsr.request.intake;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;

import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;

@Path("/api/v1/requests")
@Tag(name = "requests")
public class RequestResource {

    public static final String PATH = "/api/v1/requests";

    private final IntakeService intake;

    public RequestResource(IntakeService intake) {
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "Submit an erasure, restriction or lift-restriction request")
    @APIResponse(responseCode = "202", description = "Accepted; Location names the request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SubmitResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid or malformed body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> submit(@Valid SubmitRequest body) {
        if (body == null) {
            throw new ProblemException(Problem.of("malformed-json", "Malformed request body", 400,
                    "The body is empty; a JSON object is required", null));
        }
        return intake.submit(body).map(request -> Response.accepted(SubmitResponse.of(request))
                .header("Location", PATH + "/" + request.id).type(MediaType.APPLICATION_JSON).build());
    }
}
