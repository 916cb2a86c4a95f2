package org.dsr.orchestrator.console.compliance;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.smallrye.mutiny.Uni;
import org.dsr.kit.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The look-up of a person's requests by one identifier ({@link LookupService}), compliance only (request-service
 * allows its look-up to dsr-compliance only). The identifier is posted in a form body, never in a URL, so never in
 * an access log; htmx gets the results alone, a plain form post the start page with them.
 */
@Path("/ui/compliance/lookup")
public class LookupResource {

    private final LookupService lookups;
    private final RecordService records;
    private final JsonWebToken jwt;

    public LookupResource(LookupService lookups, RecordService records, JsonWebToken jwt) {
        this.lookups = lookups;
        this.records = records;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed(Roles.COMPLIANCE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> lookup(
            @FormParam("identifierType") String type,
            @FormParam("identifierValue") String value,
            @HeaderParam("HX-Request") String htmx) {
        return lookups.lookup(type, value, jwt.getRawToken()).flatMap(lookup -> {
            int status = lookup.error() == null ? 200 : 422;
            if (htmx != null) {
                return Uni.createFrom()
                        .item(Response.status(status == 422 ? 200 : status)
                                .entity(ComplianceTemplates.lookupResults(lookup))
                                .type(MediaType.TEXT_HTML)
                                .build());
            }
            return records.home(null, null)
                    .map(home -> Response.status(status)
                            .entity(ComplianceTemplates.home(home, lookup))
                            .type(MediaType.TEXT_HTML)
                            .build());
        });
    }
}
