package org.dsr.orchestrator.console.compliance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import org.dsr.orchestrator.console.ServiceCallFailed;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * request-service's compliance look-up ({@code POST /api/v1/completions/lookup}, docs/api.md). request-service
 * alone holds the pseudonym secret and knows the pseudonym of every identifier of a request (the orchestrator only
 * the subject's), so the console asks it, with the signed-in user's own token, instead of holding the secret too.
 * Where: {@code quarkus.rest-client.request-service.url} (default the local stack's http://127.0.0.1:8080).
 */
@RegisterRestClient(configKey = "request-service", baseUri = "http://127.0.0.1:8080")
@Path("/api/v1/completions/lookup")
public interface RequestServiceClient {

    record IdentifierInput(String type, String value) {
        /** Never print the value: it is personal data. */
        @Override
        public String toString() {
            return "IdentifierInput[" + type + ", <redacted>]";
        }
    }

    record LookupRequest(IdentifierInput identifier) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Match(
            UUID requestId,
            String type,
            String jurisdiction,
            String status,
            Instant receivedAt,
            Instant dueAt,
            Instant completedAt,
            Instant shreddedAt) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LookupResult(List<Match> requests) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<LookupResult> lookup(@HeaderParam("Authorization") String authorization, LookupRequest body);

    /** A refusal or a server fault, with request-service's problem+json body (it never quotes the value). */
    final class LookupFailed extends ServiceCallFailed {
        public LookupFailed(int status, String problem) {
            super("request-service", status, problem);
        }
    }

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return new LookupFailed(response.getStatus(), ServiceCallFailed.body(response));
    }
}
