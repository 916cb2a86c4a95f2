package org.dsr.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Command line behind {@code ./dsr}: {@code up [--infra-only]}, {@code down}, {@code status}, {@code logs <name>},
 * {@code demo}, {@code help}.
 * <p>
 * The repository root comes from {@code -Ddsr.repo.root}, else env {@code DSR_REPO_ROOT}, else the working directory;
 * the state directory from env {@code DSR_HOME}, else {@code <root>/.dsr}. {@code DSR_ONLY_INFRA=1} is the same as
 * {@code --infra-only} (PostgreSQL + Kafka + keys, no service).
 */
public final class LocalStackCli {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "COMPLETED_WITH_RETENTION", "NEEDS_ATTENTION");
    private static final Duration DEMO_TIMEOUT = Duration.ofSeconds(120);

    private record Subject(String email, String jurisdiction) {
    }

    private static final List<Subject> DEMO_SUBJECTS = List.of(
            new Subject("alice@example.com", "SE"),
            new Subject("freja.nielsen@example.dk", "DK"),
            new Subject("bjorn.lindqvist@example.se", "SE"));

    private LocalStackCli() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (LocalStack.StackException e) {
            System.err.println("dsr: " + e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("dsr: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    static int run(String[] args) {
        String cmd = args.length == 0 ? "help" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        StackConfig config = configFromEnvironment();
        LocalStack stack = new LocalStack(config);
        switch (cmd) {
            case "up" -> {
                boolean infraOnly = rest.contains("--infra-only") || "1".equals(System.getenv("DSR_ONLY_INFRA"));
                System.out.println("starting " + (infraOnly ? "PostgreSQL and Kafka" : "the local stack") + " in "
                        + config.baseDir() + " ...");
                Instant t0 = Instant.now();
                LocalStack.Summary summary = infraOnly ? stack.upInfra() : stack.up();
                System.out.print(summary.render());
                System.out.printf("up in %.1f s%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
                return 0;
            }
            case "down" -> {
                stack.down();
                System.out.println("stopped; data kept in " + config.baseDir());
                return 0;
            }
            case "status" -> {
                boolean allUp = true;
                for (LocalStack.ComponentStatus s : stack.status()) {
                    System.out.println(s.render());
                    allUp &= s.ready();
                }
                return allUp ? 0 : 3;
            }
            case "logs" -> {
                if (rest.isEmpty()) {
                    System.err.println("usage: logs <name>; one of postgres, kafka, "
                            + String.join(", ", config.services().stream().map(ServiceSpec::name).toList()));
                    return 2;
                }
                System.out.println(stack.logFile(rest.get(0)));
                return 0;
            }
            case "demo" -> {
                System.out.print(stack.up().render());
                return demo(config);
            }
            case "token" -> {
                if (rest.isEmpty() || !LocalTokens.ROLES.contains(rest.get(0))) {
                    System.err.println("usage: token <role> [subject]; role one of " + LocalTokens.ROLES);
                    return 2;
                }
                String subject = rest.size() > 1 ? rest.get(1) : "local-" + rest.get(0);
                System.out.println(stack.token(rest.get(0), subject));
                return 0;
            }
            case "help", "-h", "--help" -> {
                usage();
                return 0;
            }
            default -> {
                System.err.println("unknown command: " + cmd);
                usage();
                return 2;
            }
        }
    }

    static StackConfig configFromEnvironment() {
        String root = System.getProperty("dsr.repo.root");
        if (root == null || root.isBlank()) {
            root = System.getenv("DSR_REPO_ROOT");
        }
        StackConfig config = StackConfig.defaults(Path.of(root == null || root.isBlank() ? "." : root));
        String home = System.getenv("DSR_HOME");
        if (home != null && !home.isBlank()) {
            config = config.withBaseDir(Path.of(home));
        }
        return config;
    }

    private static void usage() {
        System.out.println("""
                usage: dsr <command>
                  up [--infra-only]  start PostgreSQL, Kafka and the seven services (idempotent)
                  down               stop everything; data, logs and keys stay under .dsr/
                  status             pid, port and readiness of every component
                  logs <name>        the log file of a component (postgres, kafka, request-service, ...)
                  token <role> [sub] print a bearer token for the local stack: dsr-submitter, dsr-operator,
                                     dsr-compliance (8 h) or dsr-adapter (5 min)
                  demo               up, then erase three sample subjects and print their completion records
                  help               this text""");
    }

    // ------------------------------------------------------------------ demo

    private record Submitted(Subject subject, String id, Instant at) {
    }

    static int demo(StackConfig config) {
        LocalStack stack = new LocalStack(config);
        String submitter = "Bearer " + stack.token("dsr-submitter", "demo");
        String operator = "Bearer " + stack.token("dsr-operator", "demo-operator");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = config.serviceUrl(ServiceSpec.REQUEST_SERVICE) + "/api/v1/requests";
        List<Submitted> submitted = new ArrayList<>();
        try {
            printConnectorProcessors(config, http, json);
            for (Subject subject : DEMO_SUBJECTS) {
                ObjectNode body = json.createObjectNode();
                body.put("type", "ERASURE");
                body.put("jurisdiction", subject.jurisdiction());
                ObjectNode identifier = body.putObject("subject").putArray("identifiers").addObject();
                identifier.put("type", "EMAIL");
                identifier.put("value", subject.email());
                HttpRequest req = HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("Accept", "application/json")
                        .header("Authorization", submitter).POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
                Instant at = Instant.now();
                HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() != 202 && resp.statusCode() != 200) { // 200: an open one existed
                    System.err.println("POST " + base + " for " + subject.email() + " answered " + resp.statusCode()
                            + ": " + resp.body());
                    return 1;
                }
                JsonNode accepted = json.readTree(resp.body());
                String id = accepted.path("id").asText(null);
                if (id == null) {
                    String location = resp.headers().firstValue("Location").orElseThrow(
                            () -> new IllegalStateException("202 without id or Location: " + resp.body()));
                    id = location.substring(location.lastIndexOf('/') + 1);
                }
                System.out.printf("submitted %-28s %s  id %s  status %s  due %s%n", subject.email(),
                        subject.jurisdiction(), id, accepted.path("status").asText("?"),
                        accepted.path("dueAt").asText("?"));
                submitted.add(new Submitted(subject, id, at));
            }
            int failures = 0;
            for (Submitted s : submitted) {
                String status = awaitTerminal(http, json, base + "/" + s.id(), s.at(), operator);
                double secs = Duration.between(s.at(), Instant.now()).toMillis() / 1000.0;
                System.out.printf("%-28s %s  %-26s in %.1f s%n", s.subject().email(), s.subject().jurisdiction(),
                        status, secs);
                if (!TERMINAL.contains(status)) {
                    failures++;
                    continue;
                }
                HttpResponse<String> completion = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/" + s.id() + "/completion")).timeout(Duration.ofSeconds(10))
                        .header("Accept", "application/json").header("Authorization", operator).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (completion.statusCode() == 200) {
                    System.out.println(json.writeValueAsString(json.readTree(completion.body())));
                } else {
                    System.out.println("  completion record: HTTP " + completion.statusCode() + " " + completion.body());
                    failures++;
                }
            }
            return failures == 0 ? 0 : 1;
        } catch (IOException e) {
            System.err.println("demo failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Which processors the connector reaches and how (its {@code GET /api/v1/processors}): kinds, not settings. */
    private static void printConnectorProcessors(StackConfig config, HttpClient http, ObjectMapper json)
            throws IOException, InterruptedException {
        if (config.services().stream().noneMatch(s -> s.name().equals(ServiceSpec.CONNECTOR))) {
            return;
        }
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(
                URI.create(config.serviceUrl(ServiceSpec.CONNECTOR) + "/api/v1/processors"))
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            System.out.println("connector: GET /api/v1/processors answered " + resp.statusCode());
            return;
        }
        List<String> reached = new ArrayList<>();
        json.readTree(resp.body()).forEach(p -> reached.add(p.path("name").asText() + " by " + p.path("kind").asText()));
        System.out.println("the connector reaches " + String.join(", ", reached));
    }

    private static String awaitTerminal(HttpClient http, ObjectMapper json, String url, Instant since,
            String authorization) throws IOException, InterruptedException {
        Instant deadline = since.plus(DEMO_TIMEOUT);
        String status = "?";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).header("Accept", "application/json")
                    .header("Authorization", authorization).GET().build(),
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
