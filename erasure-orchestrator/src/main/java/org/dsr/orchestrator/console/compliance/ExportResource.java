package org.dsr.orchestrator.console.compliance;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.console.compliance.ComplianceViews.ExportView;

/**
 * Exports of a date range of the completion chain ({@code from}, {@code to}: days in UTC, both inclusive): the page
 * showing what the export holds, checked, is compliance's; the downloads (the chain as JSON, a CSV summary) are
 * open to dsr-operator too, as {@code GET /api/v1/completions} is.
 */
@Path("/ui/compliance/export")
public class ExportResource {

    private static final String BAD_RANGE = "from and to must be dates (YYYY-MM-DD), from not after to";

    private final ExportService exports;

    public ExportResource(ExportService exports) {
        this.exports = exports;
    }

    /** Shows what an export of [from, to] (dates in UTC, both inclusive) holds, checked, with its downloads. */
    @GET
    @RolesAllowed(Roles.COMPLIANCE)
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> export(@QueryParam("from") String from, @QueryParam("to") String to) {
        return DateRange.parse(from, to)
                .map(range -> exports.describe(range, from, to))
                .orElseGet(() -> Uni.createFrom()
                        .item(ExportView.failed(
                                from, to, "Give both dates as YYYY-MM-DD, the first not after the second.")))
                .map(ComplianceTemplates::export);
    }

    @GET
    @Path("/chain.json")
    @RolesAllowed({Roles.COMPLIANCE, Roles.OPERATOR})
    public Uni<Response> exportJson(@QueryParam("from") String from, @QueryParam("to") String to) {
        return DateRange.parse(from, to)
                .map(range -> exports.chainJson(range)
                        .map(json -> Downloads.attachment(
                                json,
                                MediaType.APPLICATION_JSON + ";charset=utf-8",
                                "completion-chain-" + range.fileSuffix() + ".json")))
                .orElseGet(ExportResource::badRange);
    }

    /** One line per record: what a reviewer sorts and filters in a spreadsheet. Not a proof: the JSON is. */
    @GET
    @Path("/summary.csv")
    @RolesAllowed({Roles.COMPLIANCE, Roles.OPERATOR})
    public Uni<Response> exportCsv(@QueryParam("from") String from, @QueryParam("to") String to) {
        return DateRange.parse(from, to)
                .map(range -> exports.summaryCsv(range)
                        .map(csv -> Downloads.attachment(
                                csv, "text/csv;charset=utf-8", "completion-summary-" + range.fileSuffix() + ".csv")))
                .orElseGet(ExportResource::badRange);
    }

    private static Uni<Response> badRange() {
        return Uni.createFrom()
                .item(Response.status(400)
                        .type(MediaType.TEXT_PLAIN)
                        .entity(BAD_RANGE)
                        .build());
    }
}
