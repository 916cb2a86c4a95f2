package org.dsr.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import org.dsr.contracts.crypto.IdentifierCipher;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.StackConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole system as it runs for a user: real PostgreSQL, a real KRaft broker and the seven services as separate
 * processes from their built artifacts, started by the same launcher as {@code ./dsr up}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("real-infrastructure")
class ErasureJourneyIT {

    private static final List<String> ADAPTER_DATABASES = List.of("hosting", "email_delivery", "analytics", "payments");
    private static final Set<String> FINAL = Set.of("COMPLETED", "COMPLETED_WITH_RETENTION", "NEEDS_ATTENTION");

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalStack stack;
    private String requestService;
    private String submitterToken;
    private String operatorToken;

    @BeforeAll
    void startTheStack() throws IOException {
        Path repoRoot = Path.of(System.getProperty("dsr.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path state = Files.createTempDirectory("dsr-system-test");
        StackConfig config = StackConfig.defaults(repoRoot)
                .withBaseDir(state)
                .withRandomPorts()
                .withStopOnJvmExit(true)
                .withServiceReadyTimeout(Duration.ofMinutes(4))
                // shred closed requests a few seconds after completion instead of 30 days
                .withServiceEnv(
                        "request-service",
                        Map.of(
                                "DSR_SHREDDING_GRACE_PERIOD",
                                "PT5S",
                                "DSR_SHREDDING_INTERVAL",
                                "1s",
                                "DSR_SHREDDING_INITIAL_DELAY",
                                "1s"));
        stack = new LocalStack(config);
        stack.up();
        requestService = config.serviceUrl("request-service");
        submitterToken = stack.token("dsr-submitter", "system-test");
        operatorToken = stack.token("dsr-operator", "system-test-operator");
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void anErasureTravelsThroughEveryServiceAndLeavesOnlyWhatTheLawRequires() throws Exception {
        String alice = "alice@example.com"; // has invoices: kept for bookkeeping
        String erik = "erik.berg@example.se"; // no payments data at all
        String control = "carl.control@example.com";
        Map<String, Map<String, Long>> before = matchCounts(List.of(alice, erik, control));
        assertThat(before.get(alice).values())
                .as("alice is in every store before")
                .allMatch(n -> n > 0);
        assertThat(before.get(control).values()).allMatch(n -> n > 0);

        String aliceId = submit(alice, "SE");
        String erikId = submit(erik, "SE");

        JsonNode aliceStatus = awaitFinal(aliceId);
        JsonNode erikStatus = awaitFinal(erikId);

        // every processor answered for every category; what was kept is named
        for (JsonNode status : List.of(aliceStatus, erikStatus)) {
            assertThat(status.get("status").asText()).isEqualTo("COMPLETED_WITH_RETENTION");
            assertThat(status.get("processors")).hasSize(4);
        }
        CompletionRecordV1 record = completion(aliceId);
        assertThat(record.status()).isEqualTo("COMPLETED_WITH_RETENTION");
        assertThat(record.processors())
                .extracting(CompletionRecordV1.ProcessorResult::processor)
                .containsExactly("hosting", "email-delivery", "analytics", "payments");
        assertThat(record.retained())
                .extracting(r -> r.processor() + "/" + r.category())
                .contains("payments/invoices", "email-delivery/suppression-list");
        assertThat(record.retained())
                .filteredOn(r -> r.category().equals("invoices"))
                .allSatisfy(r -> assertThat(r.retainUntil()).isNotNull());
        assertThat(completion(erikId).retained())
                .extracting(CompletionRecordV1.RetainedCategory::category)
                .doesNotContain("invoices");
        // the e-mail platform was reached over HTTP: its outcomes carry what its API answered; the stores reached
        // by SQL carry none
        for (CompletionRecordV1.ProcessorResult processor : record.processors()) {
            for (ProcessorOutcomeV1 outcome : processor.outcomes()) {
                var exchanges = outcome.evidence().exchanges();
                if (processor.processor().equals("email-delivery")
                        && !outcome.status().name().equals("NOT_FOUND")) {
                    assertThat(exchanges)
                            .as(outcome.category() + " over HTTP")
                            .isNotEmpty()
                            .allSatisfy(e -> assertThat(e.status()).isNotNull());
                } else if (!processor.processor().equals("email-delivery")) {
                    assertThat(exchanges)
                            .as(processor.processor() + "/" + outcome.category())
                            .isNullOrEmpty();
                }
            }
        }

        // the record is signed by the orchestrator's key, published by the stack for offline checks
        var publicKey = Signatures.publicKey(
                Files.readString(stack.config().publicKeysDir().resolve("orchestrator.pub")));
        // one key set per service: after a whole journey, only request-service holds the pseudonym secret
        try (var secrets = Files.walk(stack.config().keysDir())) {
            assertThat(secrets.filter(f -> f.getFileName().toString().equals("pseudonym-secret.key"))
                            .toList())
                    .containsExactly(stack.config().keysDirOf("request-service").resolve("pseudonym-secret.key"));
        }
        assertThat(SignedJson.verify(record, record.signature(), publicKey)).isTrue();

        // in every processor's own database: the subjects' addresses are gone, the control subject is untouched
        Map<String, Map<String, Long>> after = matchCounts(List.of(alice, erik, control));
        assertThat(after.get(alice))
                .as("alice's address anywhere in a processor store")
                .allSatisfy((db, n) -> assertThat(n).as(db).isZero());
        assertThat(after.get(erik)).allSatisfy((db, n) -> assertThat(n).as(db).isZero());
        assertThat(after.get(control)).isEqualTo(before.get(control));

        // bookkeeping keeps alice's invoices, restricted; no other store keeps her name
        assertThat(countText("payments", "Alice Andersson")).isPositive();
        for (String db : List.of("hosting", "email_delivery", "analytics")) {
            assertThat(countText(db, "Alice Andersson")).as("name in " + db).isZero();
        }

        // neither the front door nor the orchestrator is a second copy of what was erased
        for (String db : List.of("request_service", "erasure_orchestrator")) {
            assertThat(countText(db, alice)).as("plaintext address in " + db).isZero();
        }

        // no plaintext identifier in any table of any database, nor in any record of any Kafka topic
        for (String db : List.of(
                "request_service", "erasure_orchestrator", "hosting", "email_delivery", "analytics", "payments")) {
            for (String email : List.of(alice, erik)) {
                assertThat(countText(db, email)).as(email + " in " + db).isZero();
            }
        }
        Map<String, Integer> scanned = new LinkedHashMap<>();
        List<String> leaks = KafkaScan.find(
                org.dsr.localstack.StackKafka.admin(stack.config()),
                List.of(alice, erik, "alice@", "erik.berg"),
                scanned);
        assertThat(scanned)
                .as("records read per topic")
                .containsKeys("dsr.requests", "dsr.outcomes", "dsr.completions", "dsr.commands.payments");
        assertThat(scanned.get("dsr.requests")).isPositive();
        assertThat(leaks).as("plaintext identifiers on Kafka").isEmpty();

        // the identifiers travelled encrypted under alice's request's own data key; the connector fetched it with a
        // 5-minute token it got from the orchestrator's local token endpoint (client credentials): subject connector
        EncryptedIdentifiers encrypted =
                KafkaScan.encryptedIdentifiersOf(org.dsr.localstack.StackKafka.admin(stack.config()), aliceId);
        assertThat(encrypted.keyId()).startsWith("dk-");
        assertThat(countRows(
                        "request_service",
                        "select count(*) from data_key_access where key_id = '" + encrypted.keyId()
                                + "' and result = 'GRANTED' and accessed_by = 'connector'"))
                .isPositive();

        // after closing and the grace period the data key is destroyed: nothing decrypts any more
        // (asked for as the connector asks: with alice's signed payments command, by a token naming payments)
        String paymentsCommand =
                KafkaScan.commandOf(org.dsr.localstack.StackKafka.admin(stack.config()), "payments", aliceId);
        String adapterToken = stack.token("dsr-adapter", "system-test-adapter");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> http.send(
                                        HttpRequest.newBuilder(URI.create(
                                                        requestService + "/internal/v1/data-keys/" + encrypted.keyId()))
                                                .header("Authorization", "Bearer " + adapterToken)
                                                .header("Content-Type", "application/json")
                                                .POST(HttpRequest.BodyPublishers.ofString(
                                                        "{\"command\":" + paymentsCommand + "}"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 410);
        assertThat(countRows(
                        "request_service",
                        "select count(*) from dsr_request where id = '" + aliceId
                                + "' and shredded_at is not null and identifiers_ciphertext is null"))
                .isOne();
        assertThat(countRows(
                        "request_service",
                        "select count(*) from data_key where key_id = '" + encrypted.keyId()
                                + "' and wrapped_key is null"))
                .isOne();
        // not with any key the stack holds either
        for (Path key : Files.walk(stack.config().keysDir())
                .filter(f -> f.toString().endsWith(".key"))
                .toList()) {
            byte[] raw;
            try {
                raw = java.util.Base64.getDecoder().decode(Files.readString(key).strip());
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (raw.length == 32) {
                assertThatThrownBy(() -> IdentifierCipher.decrypt(encrypted, IdentifierCipher.key(raw), aliceId))
                        .as(key.getFileName().toString())
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
        // compliance still finds alice's completion record from her address
        HttpResponse<String> lookup = http.send(
                HttpRequest.newBuilder(URI.create(requestService + "/api/v1/completions/lookup"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + stack.token("dsr-compliance", "system-test-compliance"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"identifier\":{\"type\":\"EMAIL\",\"value\":\"" + alice.toUpperCase() + "\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(lookup.statusCode()).isEqualTo(200);
        JsonNode found = Json.read(lookup.body(), JsonNode.class).get("requests");
        assertThat(found).anySatisfy(r -> {
            assertThat(r.get("requestId").asText()).isEqualTo(aliceId);
            assertThat(r.get("completionRecord").get("recordId").asText())
                    .isEqualTo(record.recordId().toString());
        });
    }

    private long countRows(String database, String sql) throws SQLException {
        try (Connection c = stack.connect(database);
                var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String submit(String email, String jurisdiction) throws Exception {
        String body = "{\"type\":\"ERASURE\",\"jurisdiction\":\"" + jurisdiction
                + "\",\"subject\":{\"identifiers\":[{\"type\":\"EMAIL\",\"value\":\"" + email + "\"}]}}";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(requestService + "/api/v1/requests"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + submitterToken)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode accepted = Json.read(response.body(), JsonNode.class);
        assertThat(accepted.get("status").asText()).isEqualTo("RECEIVED");
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l)
                        .endsWith("/api/v1/requests/" + accepted.get("id").asText()));
        return accepted.get("id").asText();
    }

    private JsonNode awaitFinal(String id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> r = get("/api/v1/requests/" + id);
                    last[0] = Json.read(r.body(), JsonNode.class);
                    return r.statusCode() == 200
                            && FINAL.contains(last[0].get("status").asText());
                });
        return last[0];
    }

    @Test
    void theConnectorDeclaresEveryCategoryAndActionThePolicySendsItsProcessors() throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(stack.config().serviceUrl("connector") + "/api/v1/processors"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode hosted = Json.MAPPER.readTree(answer.body());
        assertThat(hosted)
                .extracting(p -> p.get("name").asText() + " by " + p.get("kind").asText())
                .containsExactly("hosting by sql", "email-delivery by http", "analytics by sql", "payments by sql");
        JsonNode policy = new com.fasterxml.jackson.databind.ObjectMapper(
                        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(stack.config()
                        .repoRoot()
                        .resolve("erasure-orchestrator/src/main/resources/policy.yaml")
                        .toFile());
        for (JsonNode processor : hosted) {
            String name = processor.get("name").asText();
            JsonNode declared = processor.get("categories");
            JsonNode inPolicy = null;
            for (JsonNode p : policy.get("processors")) {
                if (p.get("name").asText().equals(name)) {
                    inPolicy = p;
                }
            }
            assertThat(inPolicy).as("the policy names " + name).isNotNull();
            for (JsonNode category : inPolicy.get("categories")) {
                String categoryName = category.get("name").asText();
                List<String> actions = new ArrayList<>();
                declared.path(categoryName).forEach(a -> actions.add(a.asText()));
                category.get("actions")
                        .forEach(action -> assertThat(actions)
                                .as(name + "/" + categoryName + " in the connectors file")
                                .contains(action.asText()));
            }
        }
    }

    private CompletionRecordV1 completion(String id) throws Exception {
        HttpResponse<String> r = get("/api/v1/requests/" + id + "/completion");
        assertThat(r.statusCode()).isEqualTo(200);
        return Json.read(r.body(), CompletionRecordV1.class);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(requestService + path))
                        .header("Authorization", "Bearer " + operatorToken)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Per subject and adapter database: rows in any table whose text columns contain the address. */
    private Map<String, Map<String, Long>> matchCounts(List<String> emails) throws SQLException {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (String email : emails) {
            Map<String, Long> perDb = new LinkedHashMap<>();
            for (String db : ADAPTER_DATABASES) {
                perDb.put(db, countText(db, email));
            }
            counts.put(email, perDb);
        }
        return counts;
    }

    /** Rows of every table (but the service kit's own bookkeeping) with any text column containing the text. */
    private long countText(String database, String text) throws SQLException {
        long total = 0;
        try (Connection c = stack.connect(database)) {
            List<String[]> columns = new ArrayList<>();
            try (var rs = c.createStatement()
                    .executeQuery("select table_name, column_name from "
                            + "information_schema.columns where table_schema = 'public' and data_type in "
                            + "('text', 'character varying', 'jsonb', 'json') and table_name not like 'flyway%'")) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] col : columns) {
                try (var ps = c.prepareStatement(
                        "select count(*) from \"" + col[0] + "\" where \"" + col[1] + "\"::text ilike ?")) {
                    ps.setString(1, "%" + text + "%");
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        total += rs.getLong(1);
                    }
                }
            }
        }
        return total;
    }
}
