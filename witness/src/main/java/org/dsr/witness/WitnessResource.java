package org.dsr.witness;

import java.nio.charset.StandardCharsets;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The witness's HTTP API (c2sp.org/tlog-witness): {@code POST /add-checkpoint}, the monitoring view
 * {@code GET /<hex SHA-256 of the origin>/checkpoint}, and {@code GET /vkey}. No authentication, as the specification
 * has it: a checkpoint is trusted for its log's signature, nothing else. Blocking (worker threads): a cosignature is
 * on disk before it is answered.
 */
@Path("/")
public class WitnessResource {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String TLOG_SIZE = "text/x.tlog.size";
    static final String PROBLEM = "application/problem+json";

    private final WitnessService witness;

    public WitnessResource(WitnessService witness) {
        this.witness = witness;
    }

    @POST
    @Path("add-checkpoint")
    @Consumes(MediaType.WILDCARD)
    public Response addCheckpoint(byte[] body) {
        WitnessService.Answer answer = witness.addCheckpoint(body == null ? new byte[0] : body);
        if (answer instanceof WitnessService.Answer.Cosigned cosigned) {
            return Response.ok(cosigned.body(), TEXT).build();
        }
        if (answer instanceof WitnessService.Answer.Conflict conflict) {
            // bytes: the Content-Type stays exactly text/x.tlog.size (a String would get a charset parameter)
            return Response.status(Response.Status.CONFLICT)
                    .type(TLOG_SIZE)
                    .entity((conflict.latestSize() + "\n").getBytes(StandardCharsets.US_ASCII))
                    .build();
        }
        WitnessService.Answer.Refused refused = (WitnessService.Answer.Refused) answer;
        return problem(refused.status(), refused.reason());
    }

    @GET
    @Path("{originHash: [0-9a-f]{64}}/checkpoint")
    @Produces(TEXT)
    public Response checkpoint(@PathParam("originHash") String originHash) {
        return witness.latestByOriginHash(originHash)
                .map(note -> Response.ok(note.format(), TEXT).build())
                .orElseGet(() -> problem(404, "no checkpoint cosigned for this log"));
    }

    @GET
    @Path("vkey")
    @Produces(TEXT)
    public String vkey() {
        return witness.verifierKey().vkey() + "\n";
    }

    private static Response problem(int status, String detail) {
        return Response.status(status)
                .type(PROBLEM)
                .entity(new Problem("about:blank", title(status), status, detail))
                .build();
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 422 -> "Unprocessable Content";
            default -> "Error";
        };
    }

    /** RFC 9457 problem details. */
    public record Problem(String type, String title, int status, String detail) {}
}
