package org.dsr.orchestrator.console.tasks;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import org.dsr.orchestrator.console.ServiceCallFailed;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The connector's operator tasks (kind manual, docs/connectors/manual.md): {@code GET /api/v1/tasks},
 * {@code GET /api/v1/tasks/{id}}, {@code POST /api/v1/tasks/{id}/completion}. Called with the signed-in operator's
 * own token, so the connector checks the role itself and names that operator in the evidence it signs. Where:
 * {@code dsr.connector.url} (default the local stack's http://127.0.0.1:8086).
 */
@RegisterRestClient(configKey = "connector", baseUri = "http://127.0.0.1:8086")
@Path("/api/v1/tasks")
public interface ConnectorTasksClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TaskCategory(String category, String action, List<String> handles) {

        /** What the operator can record for this category: the action's own status, NOT_FOUND or FAILED. */
        public List<String> statuses() {
            String positive = switch (action) {
                case "ERASE", "DEFERRED_ERASE" -> "ERASED";
                case "ANONYMISE" -> "ANONYMISED";
                case "RESTRICT" -> "RESTRICTED";
                case "LIFT_RESTRICTION" -> "LIFTED";
                default -> "RETAINED";
            };
            return List.of(positive, "NOT_FOUND", "FAILED");
        }

        public boolean retains() {
            return "RETAIN".equals(action);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Task(
            UUID id,
            String processor,
            UUID requestId,
            String requestType,
            String jurisdiction,
            List<String> identifierTypes,
            List<TaskCategory> categories,
            String vendor,
            String contact,
            String instructions,
            Instant respondBy,
            String status,
            int reminders,
            Instant remindedAt,
            Instant createdAt,
            Instant completedAt,
            String completedBy,
            Map<String, String> outcomes) {

        public boolean overdue() {
            return "OPEN".equals(status) && respondBy != null && respondBy.isBefore(Instant.now());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CategoryOutcome(String status, String legalBasis, String retainUntil, String reason) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Completion(
            String confirmationText,
            String confirmationFile,
            String vendorReference,
            Map<String, CategoryOutcome> outcomes,
            String note) {

        /** Never print the confirmation: the vendor's reply may name the person. */
        @Override
        public String toString() {
            return "Completion[" + outcomes + "]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Completed(Task task, Map<String, String> outcomes, List<String> alreadyFinal) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<List<Task>> open(@HeaderParam("Authorization") String authorization);

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Task> one(@HeaderParam("Authorization") String authorization, @PathParam("id") UUID id);

    @POST
    @Path("/{id}/completion")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Completed> complete(
            @HeaderParam("Authorization") String authorization, @PathParam("id") UUID id, Completion completion);

    /** A refusal or a fault, with the connector's problem+json body (which never quotes the input). */
    final class CallFailed extends ServiceCallFailed {
        public CallFailed(int status, String problem) {
            super("the connector", status, problem);
        }
    }

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return new CallFailed(response.getStatus(), ServiceCallFailed.body(response));
    }
}
