package org.dsr.request.intake;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestType;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;
import org.dsr.kit.security.Roles;
import org.dsr.request.domain.RequestStatus;
import org.dsr.request.domain.Verification;
import org.dsr.request.security.Caller;
import org.dsr.request.status.RequestStatusService;
import org.dsr.request.status.RequestSummary;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/requests")
@Tag(name = "requests")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "bearer")
public class RequestResource {

    public static final String PATH = "/api/v1/requests";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String DUPLICATE = "Dsr-Duplicate-Of-Open-Request";

    private final IntakeService intake;
    private final RequestStatusService statuses;
    private final Caller caller;

    public RequestResource(IntakeService intake, RequestStatusService status, Caller caller) {
        this.intake = intake;
        this.statuses = status;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.SUBMITTER, Roles.OPERATOR})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Submit an erasure, restriction or lift-restriction request")
    @APIResponse(
            responseCode = "202",
            description = "Accepted; Location names the request",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SubmitResponse.class)))
    @APIResponse(
            responseCode = "200",
            description = "This caller already has an open request for the same subject"
                    + " and type: it is returned (duplicate: true, header " + DUPLICATE
                    + "); another caller's is never",
            headers = @Header(name = DUPLICATE, description = "true"),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SubmitResponse.class)))
    @APIResponse(
            responseCode = "400",
            description = "Invalid or malformed body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "401",
            description = "No valid bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "Role not allowed (or PENDING verification by a non-operator)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "413",
            description = "Body over 64 KiB",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "Body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "Idempotency-Key already used with another body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> submit(
            @Valid SubmitRequest body,
            @Parameter(
                            description = "Same key and same body: the same response again; same key, other body: 422."
                                    + " 1 to 200 printable ASCII characters, per caller")
                    @HeaderParam(IDEMPOTENCY_KEY)
                    String idempotencyKey) {
        if (body == null) {
            throw new ProblemException(Problem.of(
                    "malformed-json",
                    "Malformed request body",
                    400,
                    "The body is empty; a JSON object is required",
                    null));
        }
        if (idempotencyKey != null && !idempotencyKey.matches("[\\x21-\\x7e]{1,200}")) {
            throw new ProblemException(
                    Problem.of("invalid-request", "Invalid request", 400, "The request has 1 invalid field(s)", null)
                            .withErrors(java.util.List.of(new Problem.FieldError(
                                    IDEMPOTENCY_KEY, "must be 1 to 200 printable ASCII characters without spaces"))));
        }
        if (body.externalId() != null) {
            throw invalid("externalId", "is for Kafka intake only; use the Idempotency-Key header");
        }
        if (body.verification() == Verification.PENDING && !caller.has(Roles.OPERATOR)) {
            throw new ProblemException(Problem.of(
                    "forbidden",
                    "Forbidden",
                    403,
                    "Only an operator may enter a request pending identity verification",
                    null));
        }
        return intake.submit(body, caller.id(), idempotencyKey).map(RequestResource::respond);
    }

    @jakarta.ws.rs.GET
    @RolesAllowed(Roles.OPERATOR)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "List and filter requests (operators), newest first")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RequestSummary.Page.class)))
    @APIResponse(
            responseCode = "400",
            description = "An unknown filter value",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RequestSummary.Page> list(
            @Parameter(description = "a RequestStatus") @QueryParam("status") String status,
            @Parameter(description = "ERASURE, RESTRICTION or LIFT_RESTRICTION") @QueryParam("type") String type,
            @Parameter(description = "SE or DK") @QueryParam("jurisdiction") String jurisdiction,
            @Parameter(description = "true: open and past the deadline in force; false: the others")
                    @QueryParam("overdue")
                    String overdue,
            @Parameter(description = "1 to 500, default 50") @QueryParam("limit") String limit,
            @Parameter(description = "default 0") @QueryParam("offset") String offset) {
        java.util.List<Problem.FieldError> errors = new java.util.ArrayList<>();
        RequestStatus s = parse(RequestStatus.class, "status", status, errors);
        RequestType t = parse(RequestType.class, "type", type, errors);
        Jurisdiction j = parse(Jurisdiction.class, "jurisdiction", jurisdiction, errors);
        Boolean late = null;
        if (overdue != null && !overdue.isEmpty()) {
            if (overdue.equals("true") || overdue.equals("false")) {
                late = Boolean.valueOf(overdue);
            } else {
                errors.add(new Problem.FieldError("overdue", "must be true or false"));
            }
        }
        int l = number("limit", limit, 50, 1, 500, errors);
        int o = number("offset", offset, 0, 0, 1_000_000, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(
                            "invalid-request",
                            "Invalid request",
                            400,
                            "The request has " + errors.size() + " invalid field(s)",
                            null)
                    .withErrors(errors));
        }
        return statuses.list(s, t, j, late, l, o);
    }

    private static <E extends Enum<E>> E parse(
            Class<E> type, String field, String value, java.util.List<Problem.FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        errors.add(
                new Problem.FieldError(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants())));
        return null;
    }

    private static int number(
            String field, String value, int fallback, int min, int max, java.util.List<Problem.FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new Problem.FieldError(field, "must be a whole number from " + min + " to " + max));
        return fallback;
    }

    static Response respond(IntakeService.Result result) {
        Response.ResponseBuilder response = Response.status(result.status())
                .entity(result.body())
                .type(MediaType.APPLICATION_JSON)
                .header("Location", PATH + "/" + result.requestId());
        if (result.kind() == IntakeService.Kind.REPLAYED) {
            response.header(REPLAYED, "true");
        }
        if (result.body().contains("\"duplicate\":true")) {
            response.header(DUPLICATE, "true");
        }
        return response.build();
    }

    static ProblemException invalid(String field, String message) {
        return new ProblemException(
                Problem.of("invalid-request", "Invalid request", 400, "The request has 1 invalid field(s)", null)
                        .withErrors(java.util.List.of(new Problem.FieldError(field, message))));
    }
}
