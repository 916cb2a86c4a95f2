package org.dsr.connector.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Checks a request against a vendor's published OpenAPI description: the path and method must be an operation of
 * the description, every query parameter sent must be declared and every required one sent, the security scheme's
 * header must be there, and a JSON body must carry the schema's required properties with the declared types.
 * Returns what does not fit, one line each (empty when the request fits).
 */
final class OpenApiCheck {

    private record Operation(Pattern path, String template, JsonNode spec, JsonNode pathItem, JsonNode operation) {}

    private final List<Operation> operations = new ArrayList<>();

    OpenApiCheck(String... resources) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (String resource : resources) {
            try (InputStream in = OpenApiCheck.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no resource " + resource);
                }
                JsonNode spec = yaml.readTree(in);
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                spec.path("paths").fields();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> path = it.next();
                    Pattern pattern = Pattern.compile(path.getKey().replaceAll("\\{[^}]+}", "[^/]+"));
                    for (String method : List.of("get", "post", "put", "patch", "delete")) {
                        if (path.getValue().has(method)) {
                            operations.add(new Operation(
                                    pattern,
                                    method.toUpperCase() + " " + path.getKey(),
                                    spec,
                                    path.getValue(),
                                    path.getValue().get(method)));
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The operation a request is, by its template ({@code DELETE /v3/marketing/contacts}), or null. */
    String operation(LoggedRequest request) {
        Operation op = find(request);
        return op == null ? null : op.template();
    }

    List<String> problems(LoggedRequest request) {
        List<String> problems = new ArrayList<>();
        String what = request.getMethod().getName() + " " + request.getUrl();
        Operation op = find(request);
        if (op == null) {
            problems.add(what + ": no such operation in the description");
            return problems;
        }
        Map<String, String> query = query(request.getUrl());
        Set<String> declared = new HashSet<>();
        List<JsonNode> parameters = new ArrayList<>();
        op.pathItem().path("parameters").forEach(parameters::add);
        op.operation().path("parameters").forEach(parameters::add);
        for (JsonNode p : parameters) {
            JsonNode param = resolve(op.spec(), p);
            String name = param.path("name").asText();
            if ("query".equals(param.path("in").asText())) {
                declared.add(name);
                if (param.path("required").asBoolean() && !query.containsKey(name)) {
                    problems.add(what + ": required query parameter " + name + " missing");
                }
            }
            if ("path".equals(param.path("in").asText())
                    && !param.path("required").asBoolean()) {
                problems.add(what + ": path parameter " + name + " not required in the description");
            }
        }
        for (String name : query.keySet()) {
            if (!declared.contains(name)) {
                problems.add(what + ": query parameter " + name + " not in the description");
            }
        }
        JsonNode security = op.operation().has("security")
                ? op.operation().get("security")
                : op.spec().path("security");
        if (security.toString().contains("BearerAuth")) {
            String auth = request.getHeader("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")) {
                problems.add(what + ": the description asks for a bearer token");
            }
        }
        JsonNode body = resolve(op.spec(), op.operation().path("requestBody"));
        JsonNode schema =
                resolve(op.spec(), body.path("content").path("application/json").path("schema"));
        if (!schema.isMissingNode()) {
            problems.addAll(body(what, op.spec(), schema, request.getBodyAsString()));
        } else if (!request.getBodyAsString().isEmpty()) {
            problems.add(what + ": a body the operation does not take");
        }
        return problems;
    }

    private List<String> body(String what, JsonNode spec, JsonNode schema, String text) {
        List<String> problems = new ArrayList<>();
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            problems.add(what + ": body is not JSON");
            return problems;
        }
        if (json == null || !json.isObject()) {
            problems.add(what + ": body is not a JSON object");
            return problems;
        }
        schema.path("required").forEach(r -> {
            if (!json.has(r.asText())) {
                problems.add(what + ": required body property " + r.asText() + " missing");
            }
        });
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            JsonNode property = resolve(spec, schema.path("properties").path(field));
            if (property.isMissingNode()) {
                problems.add(what + ": body property " + field + " not in the description");
                continue;
            }
            String type = property.path("type").asText("");
            JsonNode value = json.get(field);
            boolean fits = switch (type) {
                case "array" ->
                    value.isArray()
                            && allOf(
                                    value,
                                    resolve(spec, property.path("items"))
                                            .path("type")
                                            .asText(""));
                case "string" -> value.isTextual();
                case "integer" -> value.isIntegralNumber();
                case "object" -> value.isObject();
                default -> true;
            };
            if (!fits) {
                problems.add(what + ": body property " + field + " is not " + type);
            }
        }
        return problems;
    }

    private static boolean allOf(JsonNode array, String type) {
        for (JsonNode item : array) {
            if ("string".equals(type) && !item.isTextual() || "object".equals(type) && !item.isObject()) {
                return false;
            }
        }
        return true;
    }

    private Operation find(LoggedRequest request) {
        String path = request.getUrl().split("\\?", 2)[0];
        String method = request.getMethod().getName();
        // literal paths before templated ones (/contacts/search/emails before /contacts/{id})
        Operation best = null;
        for (Operation op : operations) {
            if (op.template().startsWith(method + " ")
                    && op.path().matcher(path).matches()
                    && (best == null
                            || !op.template().contains("{") && best.template().contains("{"))) {
                best = op;
            }
        }
        return best;
    }

    private static JsonNode resolve(JsonNode spec, JsonNode node) {
        int depth = 0;
        while (node.has("$ref") && depth++ < 10) {
            node = spec.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] parts = url.split("\\?", 2);
        if (parts.length == 2) {
            for (String pair : parts[1].split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }
}
