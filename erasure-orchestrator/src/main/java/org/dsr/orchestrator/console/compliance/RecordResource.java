package org.dsr.orchestrator.console.compliance;

import java.net.URI;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.dsr.kit.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The compliance console's completion records (issue 7): the start page with the newest records (and a jump by
 * request id), one record with the server's verdict on its signatures and chain links, downloaded as the JSON the
 * offline verifier checks or as a PDF, and the whole chain verified. The exports are {@link ExportResource}'s, the
 * look-up by a person's identifier {@link LookupResource}'s, the letter {@code letter.LetterResource}'s.
 *
 * <p>
 * Roles follow the API: reading a record ({@code GET /api/v1/completions...}) is open to dsr-compliance and
 * dsr-operator, so the record page, its downloads and the chain check are too; the start page is compliance's.
 */
@Path("/ui/compliance")
public class RecordResource {

    private final RecordService records;
    private final RecordPdf pdf;
    private final JsonWebToken jwt;

    public RecordResource(RecordService records, RecordPdf pdf, JsonWebToken jwt) {
        this.records = records;
        this.pdf = pdf;
        this.jwt = jwt;
    }

    /** The compliance start page; {@code ?requestId=} jumps to that request's record. */
    @GET
    @RolesAllowed(Roles.COMPLIANCE)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> home(@QueryParam("requestId") String requestId) {
        if (requestId != null && !requestId.isBlank()) {
            UUID id = uuid(requestId.strip());
            if (id == null) {
                // not echoed: someone may have typed an identifier into the wrong box
                return homePage(
                        "That is not a request id: a request id is a UUID such as "
                                + "2dd81ae9-db20-4cc2-82b5-93e9c870e875. To find a person, use the identifier form.",
                        null,
                        400);
            }
            return records.exists(id)
                    .flatMap(found -> !found
                            ? homePage(
                                    "No completion record for request " + id + ": it does not exist or is not "
                                            + "completed yet.",
                                    id.toString(),
                                    404)
                            : Uni.createFrom()
                                    .item(Response.seeOther(URI.create("/ui/compliance/records/" + id))
                                            .build()));
        }
        return homePage(null, null, 200);
    }

    private Uni<Response> homePage(String notice, String requestId, int status) {
        return records.home(notice, requestId)
                .map(home -> Response.status(status)
                        .entity(ComplianceTemplates.home(home, null))
                        .type(MediaType.TEXT_HTML)
                        .build());
    }

    @GET
    @Path("/records/{requestId}")
    @RolesAllowed({Roles.COMPLIANCE, Roles.OPERATOR})
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> record(@PathParam("requestId") String requestId, @QueryParam("version") Integer version) {
        UUID id = uuid(requestId);
        if (id == null) {
            return Uni.createFrom().item(notFound(requestId));
        }
        return records.view(id, version)
                .map(view -> view.map(v -> Response.ok(ComplianceTemplates.record(
                                        v,
                                        "java -jar contracts/target/proof-verifier.jar verify "
                                                + jsonFilename(v.requestId()) + " --keys .dsr/keys"))
                                .type(MediaType.TEXT_HTML)
                                .build())
                        .orElseGet(() -> notFound(requestId)));
    }

    /** Every version of the request's record, byte for byte as stored: the file the offline verifier checks. */
    @GET
    @Path("/records/{requestId}/record.json")
    @RolesAllowed({Roles.COMPLIANCE, Roles.OPERATOR})
    public Uni<Response> recordJson(@PathParam("requestId") String requestId) {
        UUID id = uuid(requestId);
        if (id == null) {
            return Uni.createFrom().item(notFound(requestId));
        }
        return records.recordJson(id)
                .map(json -> json.map(body -> Downloads.attachment(
                                body, MediaType.APPLICATION_JSON + ";charset=utf-8", jsonFilename(id.toString())))
                        .orElseGet(() -> notFound(requestId)));
    }

    @GET
    @Path("/records/{requestId}/record.pdf")
    @RolesAllowed({Roles.COMPLIANCE, Roles.OPERATOR})
    public Uni<Response> recordPdf(@PathParam("requestId") String requestId, @QueryParam("version") Integer version) {
        String user = jwt.getName();
        UUID id = uuid(requestId);
        if (id == null) {
            return Uni.createFrom().item(notFound(requestId));
        }
        return records.view(id, version)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(found -> found.map(view -> Downloads.attachment(
                                pdf.render(ComplianceTemplates.recordPdf(view, RecordView.time(records.now()), user)
                                        .render()),
                                "application/pdf",
                                "completion-" + view.requestId() + "-v" + view.version() + ".pdf"))
                        .orElseGet(() -> notFound(requestId)));
    }

    /** Verifies the whole chain on the server, as the CLI would verify a full export. */
    @GET
    @Path("/chain/verify")
    @RolesAllowed({Roles.COMPLIANCE, Roles.OPERATOR})
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> verifyChain() {
        return records.verifyChain().map(ComplianceTemplates::chainCheck);
    }

    static String jsonFilename(String requestId) {
        return "completion-" + requestId + ".json";
    }

    private Response notFound(String requestId) {
        UUID id = uuid(requestId);
        return Response.status(404)
                .type(MediaType.TEXT_HTML)
                .entity(ComplianceTemplates.home(
                        records.homeWithoutRecords(
                                id == null
                                        ? "That is not a request id."
                                        : "No completion record for request " + id + "."),
                        null))
                .build();
    }

    static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
