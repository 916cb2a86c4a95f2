package org.dsr.adapter.kit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.Identifier;
import org.dsr.testsupport.TestDataKeys;
import org.dsr.testsupport.TestSigningKeys;
import org.dsr.testsupport.TestTokens;

/**
 * A stand-in for request-service's data-key endpoint (the JDK's HTTP server, one per test JVM), answering as
 * request-service's {@code DataKeyResource} does: {@code POST /internal/v1/data-keys/{keyId}} with
 * {@code {"command": …}} and the batch {@code POST /internal/v1/data-keys} with {@code {"commands": […]}}. It releases
 * a key only as request-service would: a bearer token of role dsr-adapter signed with the test issuer key (401 without),
 * naming the command's processor in {@code dsr_processors}, the command signed by the orchestrator's test key and
 * encrypted under the key asked for, for the key's own request (403 otherwise); an unknown key is 404, a destroyed one
 * 410 (in a batch: {@code unavailable}). Tests mint keys here ({@link #encrypt}) and see which keys were fetched.
 */
public final class DataKeyStub {

    private static final String PATH = "/internal/v1/data-keys";
    private static DataKeyStub instance;

    private final HttpServer server;
    private final PublicKey issuer;
    private final PublicKey orchestrator = TestSigningKeys.of("orchestrator").publicKey();
    private final Map<String, TestDataKeys.DataKey> keys = new ConcurrentHashMap<>();
    private final Set<String> destroyed = ConcurrentHashMap.newKeySet();
    private final List<String> released = new CopyOnWriteArrayList<>();

    private DataKeyStub() throws IOException {
        issuer = issuerKey();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "data-key-stub");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext(PATH, this::handle);
        server.start();
    }

    /** The stub of this test JVM, started on first use. */
    public static synchronized DataKeyStub get() {
        if (instance == null) {
            try {
                instance = new DataKeyStub();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the data key stub", e);
            }
        }
        return instance;
    }

    /**
     * The connector's settings to fetch its keys here: the URL and a dsr-adapter token acting for these processors
     * (five minutes' lifetime as an adapter's token has; the stub, unlike request-service, does not check expiry).
     */
    public Map<String, String> connectorConfig(String... processors) {
        return Map.of(
                "dsr.data-keys.url",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "dsr.data-keys.token",
                TestTokens.adapterToken("connector", processors));
    }

    /** The identifiers under a new data key of the request, which the stub then releases as request-service would. */
    public EncryptedIdentifiers encrypt(List<Identifier> identifiers, UUID requestId) {
        TestDataKeys.DataKey key = TestDataKeys.mint(requestId);
        keys.put(key.keyId(), key);
        return key.encrypt(identifiers);
    }

    /** The key is destroyed, as when its request is shredded: a fetch of it is answered 410. */
    public void destroy(String keyId) {
        destroyed.add(keyId);
    }

    /** How often the key was released (single or batch). */
    public long releases(String keyId) {
        return released.stream().filter(keyId::equals).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, null);
                return;
            }
            Optional<Set<String>> processors =
                    processorsOf(exchange.getRequestHeaders().getFirst("Authorization"));
            if (processors.isEmpty()) {
                answer(exchange, 401, null);
                return;
            }
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(exchange.getRequestBody());
            } catch (IOException e) {
                answer(exchange, 400, problem("invalid-data-key-request"));
                return;
            }
            if (path.equals(PATH) || path.equals(PATH + "/")) {
                batch(exchange, body, processors.get());
            } else if (path.startsWith(PATH + "/")) {
                single(
                        exchange,
                        URLDecoder.decode(path.substring(PATH.length() + 1), StandardCharsets.UTF_8),
                        body,
                        processors.get());
            } else {
                answer(exchange, 404, null);
            }
        }
    }

    private void single(HttpExchange exchange, String keyId, JsonNode body, Set<String> processors) throws IOException {
        ProcessorCommandV1 command = command(body == null ? null : body.get("command"));
        if (command == null) {
            answer(exchange, 400, problem("invalid-data-key-request"));
            return;
        }
        if (refusal(keyId, command, processors).isPresent()) {
            answer(exchange, 403, problem("data-key-refused"));
        } else if (!keys.containsKey(keyId)) {
            answer(exchange, 404, problem("not-found"));
        } else if (destroyed.contains(keyId)) {
            answer(exchange, 410, problem("data-key-destroyed"));
        } else {
            released.add(keyId);
            answer(exchange, 200, keyAnswer(keys.get(keyId)));
        }
    }

    private void batch(HttpExchange exchange, JsonNode body, Set<String> processors) throws IOException {
        JsonNode nodes = body == null ? null : body.get("commands");
        if (nodes == null || !nodes.isArray() || nodes.isEmpty() || nodes.size() > 100) {
            answer(exchange, 400, problem("invalid-data-key-batch"));
            return;
        }
        List<ProcessorCommandV1> commands = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode node : nodes) {
            ProcessorCommandV1 command = command(node);
            if (command == null
                    || command.subject() == null
                    || command.subject().identifiers() == null
                    || command.subject().identifiers().keyId() == null
                    || !ids.add(command.subject().identifiers().keyId())) {
                answer(exchange, 400, problem("invalid-data-key-batch"));
                return;
            }
            commands.add(command);
        }
        // one refused command refuses the batch
        if (commands.stream()
                .anyMatch(c -> refusal(c.subject().identifiers().keyId(), c, processors)
                        .isPresent())) {
            answer(exchange, 403, problem("data-key-refused"));
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode granted = answer.putArray("keys");
        ObjectNode unavailable = answer.putObject("unavailable");
        for (ProcessorCommandV1 command : commands) {
            String keyId = command.subject().identifiers().keyId();
            if (!keys.containsKey(keyId)) {
                unavailable.put(keyId, "UNKNOWN");
            } else if (destroyed.contains(keyId)) {
                unavailable.put(keyId, "DESTROYED");
            } else {
                released.add(keyId);
                granted.add(keyAnswer(keys.get(keyId)));
            }
        }
        answer(exchange, 200, answer);
    }

    /** request-service's KeyReleaseRule, with the key's own request checked here too. */
    private Optional<String> refusal(String keyId, ProcessorCommandV1 command, Set<String> processors) {
        if (command.subject() == null
                || command.subject().identifiers() == null
                || !keyId.equals(command.subject().identifiers().keyId())) {
            return Optional.of("the command is not for this data key");
        }
        if (command.processor() == null || !processors.contains(command.processor())) {
            return Optional.of("the token does not name the command's processor");
        }
        if (command.signature() == null || !SignedJson.verify(command, command.signature(), orchestrator)) {
            return Optional.of("the command is not signed by the orchestrator");
        }
        TestDataKeys.DataKey key = keys.get(keyId);
        if (key != null && !key.requestId().equals(command.requestId())) {
            return Optional.of("the command is for another request than the data key");
        }
        return Optional.empty();
    }

    private static ProcessorCommandV1 command(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        try {
            return Json.convert(node, ProcessorCommandV1.class);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ObjectNode keyAnswer(TestDataKeys.DataKey key) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("keyId", key.keyId());
        node.put("requestId", key.requestId().toString());
        node.put("algorithm", "A256GCM");
        node.put("key", Base64.getEncoder().encodeToString(key.raw()));
        return node;
    }

    private static ObjectNode problem(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }

    /** The processors a valid dsr-adapter bearer token acts for; empty when there is no such token. */
    private Optional<Set<String>> processorsOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.empty();
        }
        String[] parts = authorization.substring("Bearer ".length()).strip().split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(issuer);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            Set<String> groups = new HashSet<>();
            claims.path("groups").forEach(g -> groups.add(g.asText()));
            if (!groups.contains("dsr-adapter")) {
                return Optional.empty();
            }
            Set<String> processors = new HashSet<>();
            claims.path(TestTokens.PROCESSORS_CLAIM).forEach(p -> processors.add(p.asText()));
            return Optional.of(processors);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static PublicKey issuerKey() throws IOException {
        try (InputStream in = DataKeyStub.class.getResourceAsStream("/test-jwt-public.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test issuer key", e);
        }
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] out = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
    }
}
