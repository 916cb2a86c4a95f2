package org.dsr.connector.opendsr;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.CommandContext;
import org.dsr.connector.kind.PendingStep;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Identifier;

/**
 * One processor that implements OpenDSR 2.0. An erasure command becomes one OpenDSR {@code erasure} request whose
 * {@code subject_request_id} is the command id (a v4 UUID, the same on every re-dispatch, so the processor sees one
 * request); every category the entry declares gets the same answer. The answer is PENDING until the processor's
 * signed status (polled, or a callback) says {@code completed} (ERASED) or {@code cancelled} (FAILED).
 */
public final class OpenDsrConnector implements ProcessorConnector {

    private static final String SUBMIT = "POST /requests";
    private static final String CANCEL = "DELETE /requests/{id}";
    private static final String NOT_READ = "the processor's own systems are not read by the connector";

    /** What a pending step keeps: the request's id, where to ask, and the evidence so far (never identities). */
    record ResumeState(String id, String statusUrl, List<Evidence.Exchange> exchanges) {}

    /** The answer to a callback, before any step is touched. */
    public sealed interface CallbackDecision {}

    /** Refused: the problem to answer (RFC 9457), in words without data. */
    public record Refused(int status, String slug, String title, String detail) implements CallbackDecision {}

    /** Verified: the command it is about, and the final result, or null when the status is not final yet. */
    public record Verified(UUID commandId, String requestStatus, CategoryResult result) implements CallbackDecision {}

    /** What the processor answered to a cancellation (§9): accepted when 2xx; the outcome follows as a status. */
    public record Cancellation(boolean accepted, Evidence.Exchange exchange) {}

    private final String processor;
    private final OpenDsrConfig config;
    private final OpenDsrClient client;
    private final Map<String, Set<Action>> categories;

    OpenDsrConnector(String processor, OpenDsrConfig config) {
        this.processor = processor;
        this.config = config;
        this.client = new OpenDsrClient(config);
        Map<String, Set<Action>> cats = new LinkedHashMap<>();
        // OpenDSR knows erasure, access and portability (§6.2): of our actions only ERASE has a counterpart.
        config.categories().forEach(c -> cats.put(c, Set.of(Action.ERASE)));
        this.categories = java.util.Collections.unmodifiableMap(cats);
    }

    @Override
    public String processor() {
        return processor;
    }

    @Override
    public Map<String, Set<Action>> categories() {
        return categories;
    }

    OpenDsrConfig config() {
        return config;
    }

    @Override
    public Uni<List<StepResult>> execute(CommandContext command) {
        String id = command.command().commandId().toString();
        ArrayNode identities = identities(command.identifiers());
        Uni<Answered> answered;
        if (identities.isEmpty()) {
            answered = Uni.createFrom()
                    .item(new Answered(
                            CategoryResult.failed(
                                    false,
                                    "none of the subject's"
                                            + " identifier types "
                                            + command.command().subject().identifierTypes() + " is mapped to an"
                                            + " OpenDSR identity type",
                                    "not examined: no request was sent"),
                            null));
        } else if (command.journal().previous().isPresent()) {
            // an earlier attempt may have submitted before it was interrupted: ask first, submit only if unknown
            answered = client.get(client.statusUri(id))
                    .flatMap(a -> a.status() == 404
                            ? submit(command, id, identities)
                            : Uni.createFrom()
                                    .item(() -> status(
                                            id,
                                            a,
                                            new ResumeState(
                                                    id, client.statusUri(id).toString(), List.of()))));
        } else {
            answered = command.journal().record(id).chain(() -> submit(command, id, identities));
        }
        return answered.map(a -> command.categories().stream()
                .map(CategoryCommand::category)
                .map(c ->
                        new StepResult(c, a.result(), a.result().expectedCompletion() != null ? a.resumeState() : null))
                .toList());
    }

    @Override
    public Uni<StepResult> resume(PendingStep step) {
        ResumeState state = Json.read(step.resumeState(), ResumeState.class);
        return client.get(URI.create(state.statusUrl())).map(a -> {
            Answered answered = status(state.id(), a, state);
            return new StepResult(step.category(), answered.result(), answered.resumeState());
        });
    }

    /**
     * Asks the processor to cancel the request of {@code commandId} ({@code DELETE /requests/{id}}, §9; allowed
     * while the request is {@code pending}). The step stays PENDING: the processor's next status or callback says
     * {@code cancelled}, which finishes it FAILED. For an operator path in the core (none yet): find the hosted
     * processor, and when its connector is an {@code OpenDsrConnector}, call this.
     */
    public Uni<Cancellation> cancel(UUID commandId) {
        return client.delete(client.requestUri(commandId.toString()))
                .map(a -> new Cancellation(
                        a.ok(),
                        new Evidence.Exchange(
                                "cancel", CANCEL, a.status(), List.of(commandId.toString()), a.sha256(), null)));
    }

    /**
     * Checks a callback as §8.8 says, with the pinned certificate instead of one fetched from the caller: the
     * domain header (when the entry names one), then the signature over the raw body, and only then the body
     * itself (an OpenDSR status whose {@code status_callback_url} is this endpoint, when one is configured).
     */
    public CallbackDecision callback(String domain, String signature, byte[] body) {
        if (config.processorDomain() != null && !config.processorDomain().equals(domain)) {
            return new Refused(
                    403,
                    "opendsr-callback-refused",
                    "Callback refused",
                    "The processor domain header is not the one configured for this processor");
        }
        if (!OpenDsrProtocol.verify(config.certificate(), body, signature)) {
            return new Refused(
                    403,
                    "opendsr-callback-refused",
                    "Callback refused",
                    "The signature does not verify against the certificate pinned for this processor");
        }
        JsonNode node = tree(body);
        if (node == null) {
            return new Refused(400, "malformed-json", "Malformed request body", "The body is not a JSON object");
        }
        UUID commandId;
        try {
            commandId = UUID.fromString(node.path("subject_request_id").asText());
        } catch (IllegalArgumentException e) {
            return new Refused(400, "opendsr-callback-invalid", "Invalid callback", "subject_request_id is not a UUID");
        }
        if (config.callbackUrl() != null
                && !config.callbackUrl()
                        .toString()
                        .equals(node.path("status_callback_url").asText())) {
            return new Refused(
                    400, "opendsr-callback-invalid", "Invalid callback", "status_callback_url is not this endpoint");
        }
        Evidence.Exchange exchange = new Evidence.Exchange(
                "callback",
                "POST " + OpenDsrConfig.callbackPath("{processor}"),
                null,
                List.of(commandId.toString()),
                OpenDsrProtocol.sha256(body),
                null);
        String status = node.path("request_status").asText();
        CategoryResult result = result(status, expected(node), List.of(exchange), "signed callback");
        return new Verified(commandId, status, result.expectedCompletion() != null ? null : result);
    }

    /** Checks at start what {@code GET /discovery} (§6) says against the settings. */
    void checkDiscovery(Settings settings) {
        URI uri = client.resolve("discovery");
        OpenDsrClient.Answer a;
        try {
            a = client.getNow(uri);
        } catch (jakarta.ws.rs.ProcessingException e) {
            settings.entryError("OpenDSR discovery cannot be read (" + org.dsr.adapter.kit.HttpClients.cause(e) + ")");
            return;
        }
        if (a.status() != 200) {
            settings.entryError("OpenDSR discovery answered HTTP " + a.status());
            return;
        }
        JsonNode d = tree(a.body());
        if (d == null) {
            settings.entryError("OpenDSR discovery is not a JSON object");
            return;
        }
        String version = d.path("api_version").asText();
        if (!version.equals("2") && !version.startsWith("2.")) {
            settings.entryError("OpenDSR discovery: api_version '"
                    + (version.matches("[0-9][0-9.]{0,15}") ? version : "(unprintable)") + "' is not 2.x");
        }
        boolean erasure = false;
        for (JsonNode t : d.path("supported_subject_request_types")) {
            erasure |= "erasure".equals(t.asText());
        }
        if (!erasure) {
            settings.entryError("OpenDSR discovery: the processor does not support erasure requests");
        }
        for (String type : config.identityTypes()) {
            boolean supported = false;
            for (JsonNode i : d.path("supported_identities")) {
                supported |= type.equals(i.path("identity_type").asText())
                        && config.identityFormat()
                                .equals(i.path("identity_format").asText());
            }
            if (!supported) {
                settings.entryError("OpenDSR discovery: the processor does not support identity " + type + " in"
                        + " format " + config.identityFormat());
            }
        }
    }

    private record Answered(CategoryResult result, String resumeState) {}

    private Uni<Answered> submit(CommandContext command, String id, ArrayNode identities) {
        byte[] body = requestBody(command, id, identities);
        return client.post(client.resolve("requests"), body).map(a -> accepted(id, a));
    }

    /** §7.1.1; the body holds identities: it is sent, never logged or kept. */
    private byte[] requestBody(CommandContext command, String id, ArrayNode identities) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("subject_request_id", id);
        body.put("subject_request_type", "erasure");
        body.put("regulation", config.regulation());
        // the data subject's own request time is not in the command: the orchestrator's issue time stands for it
        body.put(
                "submitted_time",
                command.command().issuedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        body.set("subject_identities", identities);
        body.put("api_version", OpenDsrProtocol.API_VERSION);
        if (config.callbackUrl() != null) {
            body.putArray("status_callback_urls").add(config.callbackUrl().toString());
        }
        if (config.extensions() != null) {
            body.set("extensions", config.extensions());
        }
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the OpenDSR request");
        }
    }

    private ArrayNode identities(List<Identifier> identifiers) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Identifier identifier : identifiers) {
            String type = config.identities().get(identifier.type());
            if (type == null) {
                continue;
            }
            String value = identifier.normalised().value();
            ObjectNode i = out.addObject();
            i.put("identity_type", type);
            i.put("identity_value", "sha256".equals(config.identityFormat()) ? OpenDsrProtocol.sha256(value) : value);
            i.put("identity_format", config.identityFormat());
        }
        return out;
    }

    /** The answer to the request (§7.3, §7.5). */
    private Answered accepted(String id, OpenDsrClient.Answer a) {
        Evidence.Exchange act = new Evidence.Exchange("act", SUBMIT, a.status(), List.of(id), a.sha256(), null);
        List<Evidence.Exchange> exchanges = List.of(act);
        if (!a.ok()) {
            boolean retry = a.status() == 408 || a.status() == 429 || a.status() >= 500;
            String reason = a.status() >= 400 && a.status() < 500 && !retry
                    ? "the processor refused the OpenDSR request (HTTP " + a.status() + ")"
                    : "the processor did not take the OpenDSR request (HTTP " + a.status() + ")";
            return failed(a.status() >= 300 && a.status() < 400 || retry, reason, exchanges);
        }
        if (config.verifyAnswers() && !OpenDsrProtocol.verify(config.certificate(), a.body(), a.signature())) {
            return failed(
                    true,
                    "the processor's answer to the OpenDSR request is not signed by its pinned" + " certificate",
                    exchanges);
        }
        JsonNode node = tree(a.body());
        if (node == null) {
            return failed(true, "the processor's answer to the OpenDSR request is not JSON", exchanges);
        }
        if (!id.equals(node.path("subject_request_id").asText())) {
            return failed(false, "the processor's answer names another subject_request_id", exchanges);
        }
        Instant expected = expected(node);
        if (expected == null) {
            return failed(true, "the processor's answer has no RFC 3339 expected_completion_time", exchanges);
        }
        ResumeState state = new ResumeState(id, client.statusUri(id).toString(), exchanges);
        return new Answered(
                CategoryResult.pending(
                                0,
                                due(expected),
                                "the OpenDSR erasure request was accepted"
                                        + " by the processor, which finishes later: not verified yet")
                        .withExchanges(exchanges),
                Json.write(state));
    }

    /**
     * A status answer (§8.3): final, or pending again. Anything that cannot be believed (a 5xx, a signature that
     * does not verify, a body that is no status) fails the Uni, so the pending job asks again with backoff.
     */
    private Answered status(String id, OpenDsrClient.Answer a, ResumeState state) {
        Evidence.Exchange poll =
                new Evidence.Exchange("poll", "GET /" + config.statusPath(), a.status(), List.of(id), a.sha256(), null);
        List<Evidence.Exchange> exchanges = new ArrayList<>(state.exchanges());
        exchanges.add(poll);
        if (a.status() == 404 || a.status() == 410) {
            return failed(
                    false, "the processor no longer knows the OpenDSR request (HTTP " + a.status() + ")", exchanges);
        }
        if (!a.ok()) {
            throw new IllegalStateException("OpenDSR status answered HTTP " + a.status());
        }
        if (config.verifyAnswers() && !OpenDsrProtocol.verify(config.certificate(), a.body(), a.signature())) {
            throw new IllegalStateException("OpenDSR status is not signed by the pinned certificate");
        }
        JsonNode node = tree(a.body());
        if (node == null || !id.equals(node.path("subject_request_id").asText())) {
            throw new IllegalStateException("OpenDSR status is not a status of this request");
        }
        CategoryResult result =
                result(node.path("request_status").asText(), expected(node), exchanges, "signed status");
        return new Answered(result, result.expectedCompletion() != null ? Json.write(state) : null);
    }

    /** §8 statuses: pending and in_progress wait, completed is ERASED (one request fulfilled), cancelled FAILED. */
    private CategoryResult result(String status, Instant expected, List<Evidence.Exchange> exchanges, String how) {
        return switch (status) {
            case OpenDsrProtocol.PENDING, OpenDsrProtocol.IN_PROGRESS ->
                CategoryResult.pending(
                                0, due(expected), "the processor's " + how + " is " + status + ": not verified yet")
                        .withExchanges(exchanges);
            case OpenDsrProtocol.COMPLETED ->
                new CategoryResult(
                        1,
                        0,
                        "the processor's " + how + " says the" + " OpenDSR erasure request is completed; " + NOT_READ,
                        null,
                        null,
                        null,
                        exchanges);
            case OpenDsrProtocol.CANCELLED ->
                CategoryResult.failed(
                                false,
                                "the processor reports the OpenDSR" + " request cancelled",
                                "the processor's " + how + "; " + NOT_READ)
                        .withExchanges(exchanges);
            default ->
                CategoryResult.failed(
                                false,
                                "the processor answered a status outside OpenDSR 2.0: "
                                        + OpenDsrProtocol.printable(status),
                                "the processor's " + how)
                        .withExchanges(exchanges);
        };
    }

    private static Answered failed(boolean retryable, String reason, List<Evidence.Exchange> exchanges) {
        return new Answered(
                CategoryResult.failed(retryable, reason, "not verified").withExchanges(exchanges), null);
    }

    /** Never sooner than the least poll interval, so a processor late on its own estimate is not asked in a loop. */
    private Instant due(Instant expected) {
        Instant least = Instant.now().plus(config.minPoll());
        return expected == null || expected.isBefore(least) ? least : expected;
    }

    private static Instant expected(JsonNode node) {
        try {
            return OffsetDateTime.parse(node.path("expected_completion_time").asText())
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonNode tree(byte[] body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
