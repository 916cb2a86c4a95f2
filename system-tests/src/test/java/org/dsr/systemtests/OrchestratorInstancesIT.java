package org.dsr.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dsr.contracts.Topics;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.proof.ProofReport;
import org.dsr.contracts.proof.ProofVerifier;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.ServiceSpec;
import org.dsr.localstack.StackConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two orchestrator instances in one consumer group, one of them killed with SIGKILL in the middle of the run and
 * started again: every request completes, no step is dispatched twice, no completion is recorded twice, and the
 * chain both instances wrote verifies offline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("real-infrastructure")
class OrchestratorInstancesIT {

    private static final String SECOND = "erasure-orchestrator-2";
    private static final Set<String> FINAL = Set.of("COMPLETED", "COMPLETED_WITH_RETENTION", "NEEDS_ATTENTION");

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalStack stack;
    private String requestService;
    private String submitterToken;
    private String complianceToken;

    @BeforeAll
    void startTheStackWithTwoOrchestrators() throws IOException {
        Path repoRoot = Path.of(System.getProperty("dsr.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        List<ServiceSpec> services = new ArrayList<>(ServiceSpec.DEFAULTS);
        services.add(new ServiceSpec(
                SECOND,
                Path.of("erasure-orchestrator/target/quarkus-app/quarkus-run.jar"),
                0,
                "erasure_orchestrator",
                false));
        StackConfig config = StackConfig.defaults(repoRoot)
                .withBaseDir(Files.createTempDirectory("dsr-two-orch"))
                .withServices(services)
                .withRandomPorts()
                .withStopOnJvmExit(true)
                .withServiceReadyTimeout(Duration.ofMinutes(4));
        stack = new LocalStack(config);
        // the first instance creates the schema and the signing key; the second joins it
        stack.up(List.of(ServiceSpec.REQUEST_SERVICE, ServiceSpec.ERASURE_ORCHESTRATOR));
        stack.up();
        requestService = config.serviceUrl(ServiceSpec.REQUEST_SERVICE);
        submitterToken = stack.token("dsr-submitter", "instances-test");
        complianceToken = stack.token("dsr-compliance", "instances-test-compliance");
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void twoInstancesAndACrashNeverDispatchTwiceNorRecordTwice() throws Exception {
        List<String> emails = sampleEmails(40);
        List<String> ids = new ArrayList<>();
        for (String email : emails.subList(0, 20)) {
            ids.add(submit(email));
        }
        stack.kill(ServiceSpec.ERASURE_ORCHESTRATOR);
        for (String email : emails.subList(20, 40)) {
            ids.add(submit(email));
        }
        stack.startService(ServiceSpec.ERASURE_ORCHESTRATOR);
        stack.awaitReady(List.of(ServiceSpec.ERASURE_ORCHESTRATOR), Duration.ofMinutes(3));

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> ids.stream().allMatch(this::isFinal));
        for (String id : ids) {
            assertThat(status(id)).as(id).startsWith("COMPLETED");
        }

        try (Connection c = stack.connect("erasure_orchestrator");
                var st = c.createStatement()) {
            var rs = st.executeQuery("select count(*), count(distinct request_id), min(sequence), max(sequence)"
                    + " from completion_record");
            rs.next();
            assertThat(rs.getLong(1)).as("one record per request").isEqualTo(ids.size());
            assertThat(rs.getLong(2)).isEqualTo(ids.size());
            assertThat(rs.getLong(3)).isEqualTo(1);
            assertThat(rs.getLong(4)).as("no gap in the chain").isEqualTo(ids.size());
            rs = st.executeQuery("select count(*) from saga_step where attempt <> 1");
            rs.next();
            assertThat(rs.getLong(1)).as("no step dispatched twice").isZero();
        }

        Map<String, Integer> commandsPerRequestAndProcessor = commandsOnKafka(ids);
        assertThat(commandsPerRequestAndProcessor)
                .hasSize(ids.size() * stack.processors().size());
        assertThat(commandsPerRequestAndProcessor.values())
                .as("one command per step on Kafka")
                .containsOnly(1);

        for (String orchestrator : List.of(ServiceSpec.ERASURE_ORCHESTRATOR, SECOND)) {
            String chain = get(stack.config().serviceUrl(orchestrator) + "/api/v1/completions", complianceToken);
            ProofReport report = new ProofVerifier(
                            VerificationKeys.fromDirectory(stack.config().publicKeysDir()))
                    .verify(chain);
            assertThat(report.problem()).as(String.join("\n", report.lines())).isEmpty();
            assertThat(report.verified()).hasSize(ids.size());
        }
    }

    private List<String> sampleEmails(int n) throws SQLException {
        List<String> emails = new ArrayList<>();
        try (Connection c = stack.connect("hosting");
                var st = c.createStatement();
                var rs = st.executeQuery("select email from accounts where email ~ '\\.[0-9]+@example\\.(se|dk)$'"
                        + " order by email limit " + n)) {
            while (rs.next()) {
                emails.add(rs.getString(1));
            }
        }
        assertThat(emails).hasSize(n);
        return emails;
    }

    private String submit(String email) throws Exception {
        String body = "{\"type\":\"ERASURE\",\"jurisdiction\":\"SE\",\"subject\":{\"identifiers\":[{\"type\":\"EMAIL\","
                + "\"value\":\"" + email + "\"}]}}";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(requestService + "/api/v1/requests"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + submitterToken)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.read(response.body(), JsonNode.class).get("id").asText();
    }

    private boolean isFinal(String id) {
        try {
            return FINAL.contains(status(id));
        } catch (Exception e) {
            return false;
        }
    }

    private String status(String id) throws Exception {
        return Json.read(get(requestService + "/api/v1/requests/" + id, submitterToken), JsonNode.class)
                .get("status")
                .asText();
    }

    private String get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    /** Commands per "requestId/processor", read from every command topic by an independent consumer. */
    private Map<String, Integer> commandsOnKafka(List<String> ids) {
        Properties props = new Properties();
        props.putAll(org.dsr.localstack.StackKafka.admin(stack.config()));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "instances-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Integer> counts = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(stack.processors().stream().map(Topics::commands).toList());
            long quietSince = System.currentTimeMillis();
            while (System.currentTimeMillis() - quietSince < 5000) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    quietSince = System.currentTimeMillis();
                }
                for (var record : records) {
                    ProcessorCommandV1 command =
                            EventCodec.decode(record.value()).dataAs(ProcessorCommandV1.class);
                    if (ids.contains(command.requestId().toString())) {
                        counts.merge(command.requestId() + "/" + command.processor(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }
}
