package org.dsr.orchestrator.console.compliance;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.IdentifierType;

/**
 * Plays request-service's {@code POST /api/v1/completions/lookup} (docs/api.md) for the orchestrator's tests: a
 * bearer token is required, the identifier is normalised as request-service does, and the requests a test
 * registered for it ({@code POST /test/register}) are answered. Validation answers a 400 problem with field
 * messages that never quote the value, as request-service does. request-service's own look-up (pseudonyms, the
 * database) is tested in request-service.
 */
public class FakeRequestService implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;
    private final Map<String, ArrayNode> registered = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake request-service", e);
        }
        server.createContext("/api/v1/completions/lookup", this::lookup);
        server.createContext("/test/register", this::register);
        server.createContext("/test/authorizations", this::authorizations);
        server.start();
        return Map.of(
                "quarkus.rest-client.request-service.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String key(String type, String value) {
        return type + ":" + IdentifierType.valueOf(type).normalise(value);
    }

    private void lookup(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            respond(exchange, 401, "{\"type\":\"https://dsr.example.org/problems/unauthorized\",\"status\":401}");
            return;
        }
        authorizations.add(authorization);
        JsonNode body = read(exchange.getRequestBody());
        String type = body.path("identifier").path("type").asText("");
        String value = body.path("identifier").path("value").asText("");
        if ("PHONE".equals(type) && !value.replaceAll("[\\s\\-().]", "").matches("\\+?\\d{8,15}")) {
            respond(
                    exchange,
                    400,
                    "{\"type\":\"https://dsr.example.org/problems/invalid-request\",\"status\":400,"
                            + "\"errors\":[{\"field\":\"identifier.value\",\"message\":\"must be a phone number in E.164 "
                            + "form\"}]}");
            return;
        }
        ArrayNode matches = registered.getOrDefault(key(type, value), Json.MAPPER.createArrayNode());
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.set("requests", matches);
        respond(exchange, 200, Json.MAPPER.writeValueAsString(result));
    }

    /** {@code {"type", "value", "match": {requestId, type, jurisdiction, status, receivedAt, ...}}} */
    private void register(HttpExchange exchange) throws IOException {
        JsonNode body = read(exchange.getRequestBody());
        registered
                .computeIfAbsent(
                        key(body.path("type").asText(), body.path("value").asText()),
                        k -> Json.MAPPER.createArrayNode())
                .add(body.get("match"));
        respond(exchange, 204, null);
    }

    private void authorizations(HttpExchange exchange) throws IOException {
        respond(exchange, 200, Json.MAPPER.writeValueAsString(new ArrayList<>(authorizations)));
    }

    private static JsonNode read(InputStream in) throws IOException {
        return Json.MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
