package org.dsr.connector.webhook;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.HttpClients;
import org.dsr.connector.kind.CommandContext;
import org.dsr.connector.kind.PendingStep;
import org.dsr.connector.kind.PendingStepIds;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Identifier;
import org.dsr.kit.keys.SigningKeyPair;

/**
 * One processor reached as a webhook (docs/connectors/webhook.md). {@link #execute} POSTs the command with the
 * subject's identifiers, signed with the processor's own key, and reads the service's signed answer:
 * <ul>
 * <li>200: one outcome per category, DONE, FAILED or PENDING;</li>
 * <li>202: every category PENDING until the service's signed callback ({@link #callback}), which the
 * {@link WebhookCallbackResource} hands to the pending-step job; {@link #resume} keeps a category PENDING until
 * {@code callback-within} has passed since the 202, then answers it FAILED (permanent): a person must look;</li>
 * <li>an answer whose signature is absent, wrong, or too old, or that is for another command: FAILED (permanent), its
 * content never used;</li>
 * <li>408, 429, 5xx, a timeout or a service that cannot be reached: FAILED (retryable), so the orchestrator dispatches
 * the command again with backoff and, after its maximum attempts, the saga needs attention; the connector's own
 * inbox is not held up meanwhile. The service must answer a repeated {@code commandId} with what it did the first
 * time (the example does), so a retry after an answer that was lost does not turn ERASED into NOT_FOUND;</li>
 * <li>any other status (400, 401...): FAILED (permanent).</li>
 * </ul>
 * The identifiers travel only in the request body; evidence keeps the request's template, the status and the SHA-256
 * of the service's answer. The request goes through the Quarkus REST client's JAX-RS client ({@link HttpClients}:
 * connect and read timeouts of {@code timeout}, redirects not followed, HTTP/1.1), the body as the exact bytes signed;
 * the answer arrives on a Vert.x thread, so {@link #execute} never blocks.
 */
public final class WebhookConnector implements ProcessorConnector {

    static final String RESUME_PREFIX = "callback-by=";

    /** What {@link #callback} makes of a service's callback. */
    public sealed interface Callback {}

    /** A genuine, well-formed final answer for the step. */
    public record Accepted(CategoryResult result) implements Callback {}

    /** Refused: nothing changes; the fields make an RFC 9457 problem that names no data. */
    public record Refused(int status, String slug, String title, String detail) implements Callback {}

    private final String processor;
    private final WebhookSettings settings;
    private final SigningKeyPair key;
    private final Clock clock;
    private final Client http;

    WebhookConnector(String processor, WebhookSettings settings, SigningKeyPair key, Clock clock) {
        this.processor = processor;
        this.settings = settings;
        this.key = key;
        this.clock = clock;
        this.http = HttpClients.client(settings.timeout());
    }

    @Override
    public String processor() {
        return processor;
    }

    @Override
    public Map<String, Set<Action>> categories() {
        return settings.categories();
    }

    @Override
    public Uni<List<StepResult>> execute(CommandContext context) {
        byte[] body = requestBody(context);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String signature = WebhookSignatures.sign(key.privateKey(), timestamp, body);
        return Uni.createFrom()
                .completionStage(() -> http.target(settings.url())
                        .request()
                        .header(WebhookSignatures.TIMESTAMP, timestamp)
                        .header(WebhookSignatures.KEY_ID, key.keyId())
                        .header(WebhookSignatures.SIGNATURE, signature)
                        .rx()
                        .post(Entity.entity(body, "application/json")))
                .map(response -> {
                    try (response) {
                        return answered(
                                context,
                                response.getStatus(),
                                first(response, WebhookSignatures.TIMESTAMP),
                                first(response, WebhookSignatures.SIGNATURE),
                                response.hasEntity() ? response.readEntity(byte[].class) : new byte[0]);
                    }
                })
                .onFailure(HttpClients::noAnswer)
                .recoverWithItem(e -> unreachable(context, e));
    }

    private static String first(Response response, String header) {
        List<String> values = response.getStringHeaders().get(header);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The request body, RFC 8785 canonical JSON: the only place the identifiers go. */
    byte[] requestBody(CommandContext context) {
        var command = context.command();
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", 1);
        root.put("commandId", command.commandId().toString());
        root.put("requestId", command.requestId().toString());
        root.put("processor", processor);
        root.put("requestType", command.requestType().name());
        root.put("jurisdiction", command.jurisdiction().name());
        root.put("attempt", command.attempt());
        ArrayNode categories = root.putArray("categories");
        for (CategoryCommand c : context.categories()) {
            UUID stepId = PendingStepIds.of(command.commandId(), processor, c.category());
            ObjectNode node = categories
                    .addObject()
                    .put("category", c.category())
                    .put("action", c.action().name())
                    .put("stepId", stepId.toString());
            if (c.retentionHandles() != null) {
                c.retentionHandles().forEach(node.putArray("retentionHandles")::add);
            }
            if (settings.callbackBaseUrl() != null) {
                node.put("callbackUrl", callbackUrl(stepId).toString());
            }
        }
        ArrayNode identifiers = root.putArray("identifiers");
        for (Identifier id : context.identifiers()) {
            identifiers.addObject().put("type", id.type().name()).put("value", id.value());
        }
        return CanonicalJson.canonicalize(root.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    URI callbackUrl(UUID stepId) {
        String base = settings.callbackBaseUrl().toString().replaceAll("/+$", "");
        return URI.create(base
                + WebhookCallbackResource.PATH
                        .replace("{processor}", processor)
                        .replace("{stepId}", stepId.toString()));
    }

    private List<StepResult> answered(
            CommandContext context, int status, String timestamp, String signature, byte[] body) {
        Evidence.Exchange exchange = new Evidence.Exchange(
                "act", "POST " + settings.url().getRawPath(), status, null, Hashes.sha256Hex(body), null);
        if (status == 200 || status == 202) {
            String refusal =
                    WebhookSignatures.refusal(settings.servicePublicKey(), timestamp, signature, body, clock.instant());
            if (refusal != null) {
                return all(
                        context,
                        CategoryResult.failed(
                                false,
                                "the service's answer (HTTP " + status + ") was refused: " + refusal,
                                "not verified: the answer was not accepted"),
                        exchange);
            }
            JsonNode answer;
            try {
                answer = answerFor(context, body);
            } catch (WebhookOutcomes.Malformed e) {
                return all(
                        context,
                        CategoryResult.failed(
                                false,
                                "the service's answer (HTTP " + status + ") is malformed: " + e.getMessage(),
                                "not verified: the answer was not accepted"),
                        exchange);
            }
            return status == 202 ? all(context, null, exchange) : outcomes(context, answer, exchange);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return all(
                    context,
                    CategoryResult.failed(
                            true,
                            "the service answered HTTP " + status + "; the command is dispatched again",
                            "not verified: the service did not act"),
                    exchange);
        }
        return all(
                context,
                CategoryResult.failed(
                        false,
                        "the service refused the request with HTTP " + status,
                        "not examined: the service did not act"),
                exchange);
    }

    private static JsonNode answerFor(CommandContext context, byte[] body) throws WebhookOutcomes.Malformed {
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new WebhookOutcomes.Malformed("not JSON");
        }
        if (answer == null || !answer.isObject()) {
            throw new WebhookOutcomes.Malformed("not a JSON object");
        }
        if (!context.command()
                .commandId()
                .toString()
                .equals(answer.path("commandId").asText())) {
            throw new WebhookOutcomes.Malformed("commandId is not this command's");
        }
        return answer;
    }

    private List<StepResult> outcomes(CommandContext context, JsonNode answer, Evidence.Exchange exchange) {
        Map<String, JsonNode> byCategory = new HashMap<>();
        answer.path("outcomes")
                .forEach(o -> byCategory.putIfAbsent(o.path("category").asText(), o));
        List<StepResult> results = new ArrayList<>();
        for (CategoryCommand c : context.categories()) {
            JsonNode outcome = byCategory.get(c.category());
            if (outcome == null) {
                results.add(StepResult.of(
                        c.category(),
                        CategoryResult.failed(
                                        false, "the service's answer has no outcome for this category", "not verified")
                                .withExchanges(List.of(exchange))));
            } else if (WebhookOutcomes.pending(outcome)) {
                results.add(pending(c, exchange));
            } else {
                CategoryResult result;
                try {
                    result = WebhookOutcomes.result(outcome);
                } catch (WebhookOutcomes.Malformed e) {
                    result = CategoryResult.failed(
                            false,
                            "the service's outcome is malformed: " + e.getMessage(),
                            "not verified: the outcome was not accepted");
                }
                results.add(StepResult.of(c.category(), result.withExchanges(List.of(exchange))));
            }
        }
        return results;
    }

    /** Every category the same result; a null result is PENDING (a 202). */
    private List<StepResult> all(CommandContext context, CategoryResult result, Evidence.Exchange exchange) {
        return context.categories().stream()
                .map(c -> result == null
                        ? pending(c, exchange)
                        : StepResult.of(c.category(), result.withExchanges(List.of(exchange))))
                .toList();
    }

    private StepResult pending(CategoryCommand c, Evidence.Exchange exchange) {
        if (settings.callbackBaseUrl() == null) {
            return StepResult.of(
                    c.category(),
                    CategoryResult.failed(
                                    false,
                                    "the service answered PENDING but this"
                                            + " processor has no callback-base-url to call back to",
                                    "not verified")
                            .withExchanges(List.of(exchange)));
        }
        Instant deadline = clock.instant().plus(settings.callbackWithin());
        return new StepResult(
                c.category(),
                CategoryResult.pending(
                                0,
                                deadline,
                                "accepted by the service, which" + " calls back when done: not verified yet")
                        .withExchanges(List.of(exchange)),
                RESUME_PREFIX + deadline);
    }

    private List<StepResult> unreachable(CommandContext context, Throwable e) {
        String why = HttpClients.timedOut(e)
                ? "the service did not answer within " + settings.timeout()
                : "the service could not be reached (" + HttpClients.cause(e) + ")";
        return context.categories().stream()
                .map(c -> StepResult.of(
                        c.category(),
                        CategoryResult.failed(
                                true, why + "; the command is dispatched again", "not verified: no answer")))
                .toList();
    }

    /**
     * Asked by the pending-step job: still PENDING until the deadline the 202 set, then FAILED (permanent), as the
     * service never called back.
     */
    @Override
    public Uni<StepResult> resume(PendingStep step) {
        Instant deadline;
        try {
            deadline = step.resumeState() != null && step.resumeState().startsWith(RESUME_PREFIX)
                    ? Instant.parse(step.resumeState().substring(RESUME_PREFIX.length()))
                    : Instant.EPOCH;
        } catch (DateTimeParseException e) {
            deadline = Instant.EPOCH;
        }
        if (clock.instant().isBefore(deadline)) {
            return Uni.createFrom()
                    .item(new StepResult(
                            step.category(),
                            CategoryResult.pending(
                                    0,
                                    deadline,
                                    "accepted by the service, which calls back when done: not verified yet"),
                            step.resumeState()));
        }
        return Uni.createFrom()
                .item(StepResult.of(
                        step.category(),
                        CategoryResult.failed(
                                false,
                                "no callback within " + settings.callbackWithin()
                                        + " of the service accepting the work",
                                "not verified: the service never reported back")));
    }

    /**
     * A service's callback for {@code stepId}: {@code {commandId, outcomes: [one final outcome]}}, signed like an
     * answer. Accepted only when the signature is the pinned key's, the timestamp fresh, and the step id the one this
     * command and category have ({@link PendingStepIds}); whether the step is still open is the job's to say.
     */
    public Callback callback(UUID stepId, String timestamp, String signature, byte[] body) {
        String refusal =
                WebhookSignatures.refusal(settings.servicePublicKey(), timestamp, signature, body, clock.instant());
        if (refusal != null) {
            return new Refused(401, "invalid-signature", "Invalid signature", "The callback was refused: " + refusal);
        }
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            answer = null;
        }
        JsonNode outcomes = answer == null ? null : answer.path("outcomes");
        if (outcomes == null || !outcomes.isArray() || outcomes.size() != 1) {
            return malformed("the body must be {commandId, outcomes: [one outcome]}");
        }
        JsonNode outcome = outcomes.get(0);
        String category = outcome.path("category").asText();
        UUID commandId;
        try {
            commandId = UUID.fromString(answer.path("commandId").asText());
        } catch (IllegalArgumentException e) {
            return malformed("commandId must be a UUID");
        }
        if (!categories().containsKey(category)
                || !PendingStepIds.of(commandId, processor, category).equals(stepId)) {
            return new Refused(
                    404,
                    "unknown-step",
                    "Unknown step",
                    "No step of " + processor + " has this id for that command and category");
        }
        if (WebhookOutcomes.pending(outcome)) {
            return malformed("a callback is final: status DONE or FAILED");
        }
        try {
            Evidence.Exchange exchange = new Evidence.Exchange(
                    "callback", "POST " + WebhookCallbackResource.PATH, null, null, Hashes.sha256Hex(body), null);
            return new Accepted(WebhookOutcomes.result(outcome).withExchanges(List.of(exchange)));
        } catch (WebhookOutcomes.Malformed e) {
            return malformed(e.getMessage());
        }
    }

    private static Refused malformed(String detail) {
        return new Refused(400, "malformed-callback", "Malformed callback", detail);
    }
}
