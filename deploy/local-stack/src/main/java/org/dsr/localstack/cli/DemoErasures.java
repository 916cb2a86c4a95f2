package org.dsr.localstack.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.ServiceSpec;
import org.dsr.localstack.StackConfig;

/**
 * What {@code ./dsr demo} does once the stack is up: says which kind reaches which processor, submits erasure requests
 * for three sample subjects, waits for each to reach a final status and prints its completion record.
 */
final class DemoErasures {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "COMPLETED_WITH_RETENTION", "NEEDS_ATTENTION");
    private static final Duration DEMO_TIMEOUT = Duration.ofSeconds(120);

    private record Subject(String email, String jurisdiction) {}

    private static final List<Subject> DEMO_SUBJECTS = List.of(
            new Subject("alice@example.com", "SE"),
            new Subject("freja.nielsen@example.dk", "DK"),
            new Subject("bjorn.lindqvist@example.se", "SE"));

    private DemoErasures() {}

    private record Submitted(Subject subject, String id, Instant at) {}

    /** Submits the three erasures, waits for each to end, prints each completion record; 0 when all ended. */
    static int run(LocalStack stack, PrintWriter out, PrintWriter err) {
        StackConfig config = stack.config();
        String submitter = "Bearer " + stack.token("dsr-submitter", "demo");
        String operator = "Bearer " + stack.token("dsr-operator", "demo-operator");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = config.serviceUrl(ServiceSpec.REQUEST_SERVICE) + "/api/v1/requests";
        List<Submitted> submitted = new ArrayList<>();
        try {
            printConnectorProcessors(config, http, json, out);
            for (Subject subject : DEMO_SUBJECTS) {
                ObjectNode body = json.createObjectNode();
                body.put("type", "ERASURE");
                body.put("jurisdiction", subject.jurisdiction());
                ObjectNode identifier =
                        body.putObject("subject").putArray("identifiers").addObject();
                identifier.put("type", "EMAIL");
                identifier.put("value", subject.email());
                HttpRequest req = HttpRequest.newBuilder(URI.create(base))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .header("Authorization", submitter)
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                        .build();
                Instant at = Instant.now();
                HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() != 202 && resp.statusCode() != 200) { // 200: an open one existed
                    err.println("POST " + base + " for " + subject.email() + " answered " + resp.statusCode() + ": "
                            + resp.body());
                    return 1;
                }
                JsonNode accepted = json.readTree(resp.body());
                String id = accepted.path("id").asText(null);
                if (id == null) {
                    String location = resp.headers()
                            .firstValue("Location")
                            .orElseThrow(() -> new IllegalStateException("202 without id or Location: " + resp.body()));
                    id = location.substring(location.lastIndexOf('/') + 1);
                }
                out.printf(
                        "submitted %-28s %s  id %s  status %s  due %s%n",
                        subject.email(),
                        subject.jurisdiction(),
                        id,
                        accepted.path("status").asText("?"),
                        accepted.path("dueAt").asText("?"));
                submitted.add(new Submitted(subject, id, at));
            }
            int failures = 0;
            for (Submitted s : submitted) {
                String status = awaitTerminal(http, json, base + "/" + s.id(), s.at(), operator);
                double secs = Duration.between(s.at(), Instant.now()).toMillis() / 1000.0;
                out.printf(
                        "%-28s %s  %-26s in %.1f s%n",
                        s.subject().email(), s.subject().jurisdiction(), status, secs);
                if (!TERMINAL.contains(status)) {
                    failures++;
                    continue;
                }
                HttpResponse<String> completion = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/" + s.id() + "/completion"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Accept", "application/json")
                                .header("Authorization", operator)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (completion.statusCode() == 200) {
                    out.println(json.writeValueAsString(json.readTree(completion.body())));
                } else {
                    out.println("  completion record: HTTP " + completion.statusCode() + " " + completion.body());
                    failures++;
                }
            }
            return failures == 0 ? 0 : 1;
        } catch (IOException e) {
            err.println("demo failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Which processors the connector reaches and how (its {@code GET /api/v1/processors}): kinds, not settings. */
    private static void printConnectorProcessors(
            StackConfig config, HttpClient http, ObjectMapper json, PrintWriter out)
            throws IOException, InterruptedException {
        if (config.services().stream().noneMatch(s -> s.name().equals(ServiceSpec.CONNECTOR))) {
            return;
        }
        HttpResponse<String> resp = http.send(
                HttpRequest.newBuilder(URI.create(config.serviceUrl(ServiceSpec.CONNECTOR) + "/api/v1/processors"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Accept", "application/json")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            out.println("connector: GET /api/v1/processors answered " + resp.statusCode());
            return;
        }
        List<String> reached = new ArrayList<>();
        json.readTree(resp.body())
                .forEach(p -> reached.add(
                        p.path("name").asText() + " by " + p.path("kind").asText()));
        out.println("the connector reaches " + String.join(", ", reached));
    }

    private static String awaitTerminal(
            HttpClient http, ObjectMapper json, String url, Instant since, String authorization)
            throws IOException, InterruptedException {
        Instant deadline = since.plus(DEMO_TIMEOUT);
        String status = "?";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> resp = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .header("Accept", "application/json")
                            .header("Authorization", authorization)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == 200) {
                status = json.readTree(resp.body()).path("status").asText("?");
                if (TERMINAL.contains(status)) {
                    return status;
                }
            }
            Thread.sleep(250);
        }
        return "TIMEOUT(last " + status + ")";
    }
}
