package org.dsr.connector.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.dsr.connector.kind.PendingStep;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.json.CanonicalJson;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.keys.SigningKeyPair;
import org.dsr.testsupport.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector's side against a stand-in service: what it sends, and every kind of answer it must not trust. */
class WebhookAnswersTest {

    private static final List<Identifier> SUBJECT = List.of(new Identifier(IdentifierType.EMAIL, "carol@example.com"));
    private static final List<CategoryCommand> CATEGORIES =
            List.of(new CategoryCommand("orders", Action.ERASE), new CategoryCommand("account", Action.ERASE));

    @TempDir
    Path dir;

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private final SettableClock clock = new SettableClock(Instant.now());
    private SigningKeyPair ours;
    private SigningKeyPair service;
    private ProcessorCommandV1 command;

    @BeforeEach
    void start() {
        server.start();
        ours = SigningKeyPair.loadOrCreate(dir.resolve("ours"), "shop");
        service = SigningKeyPair.loadOrCreate(dir.resolve("service"), "service");
        command = WebhookFixture.command(SUBJECT, CATEGORIES);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private WebhookConnector connector(String url, String timeout) {
        String yaml = "url: " + url + "\npublic-key: " + Signatures.encode(service.publicKey()) + "\n"
                + "categories: {orders: [ERASE], account: [ERASE]}\ntimeout: " + timeout + "\n"
                + "callback-base-url: https://connector.internal/\ncallback-within: 30m\n";
        List<String> errors = new ArrayList<>();
        var entry = WebhookFixture.entry(yaml, dir);
        WebhookConnector c = new WebhookConnector(
                entry.name(), WebhookSettings.read(WebhookFixture.settings(entry, errors, Map.of())), ours, clock);
        assertThat(errors).isEmpty();
        return c;
    }

    private WebhookConnector connector() {
        return connector(server.baseUrl() + "/dsr", "10s");
    }

    private List<StepResult> execute(WebhookConnector connector) {
        return connector
                .execute(WebhookFixture.context(command, SUBJECT))
                .await()
                .atMost(Duration.ofSeconds(30));
    }

    /** A body signed by {@code key} at {@code at}, as a service answers. */
    private static ResponseDefinitionBuilder signed(int status, String json, SigningKeyPair key, Instant at) {
        byte[] body = CanonicalJson.canonicalize(json).getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(at.getEpochSecond());
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader(WebhookSignatures.TIMESTAMP, ts)
                .withHeader(WebhookSignatures.SIGNATURE, WebhookSignatures.sign(key.privateKey(), ts, body))
                .withBody(body);
    }

    private String done() {
        return "{\"commandId\":\"" + command.commandId() + "\",\"outcomes\":["
                + "{\"category\":\"orders\",\"status\":\"DONE\",\"rowsAffected\":3,\"remaining\":0,"
                + "\"verification\":\"orders counted after delete\"},"
                + "{\"category\":\"account\",\"status\":\"FAILED\",\"retryable\":true,\"reason\":\"db locked\"}]}";
    }

    @Test
    void requestIsSignedByTheProcessorsKeyAndCarriesTheCommand() throws Exception {
        server.stubFor(post("/dsr").willReturn(signed(200, done(), service, Instant.now())));

        Map<String, StepResult> results = WebhookFixture.byCategory(execute(connector()));

        var request = server.findAll(postRequestedFor(urlEqualTo("/dsr"))).get(0);
        byte[] body = request.getBody();
        String ts = request.getHeader(WebhookSignatures.TIMESTAMP);
        assertThat(request.getHeader(WebhookSignatures.KEY_ID)).isEqualTo(ours.keyId());
        assertThat(Signatures.verify(
                        ours.publicKey(),
                        WebhookSignatures.signedBytes(ts, body),
                        request.getHeader(WebhookSignatures.SIGNATURE)))
                .isTrue();
        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo(CanonicalJson.canonicalize(new String(body, StandardCharsets.UTF_8)));
        JsonNode sent = Json.MAPPER.readTree(body);
        assertThat(sent.path("commandId").asText())
                .isEqualTo(command.commandId().toString());
        assertThat(sent.path("identifiers").get(0).path("value").asText()).isEqualTo("carol@example.com");
        assertThat(sent.path("categories").get(0).path("callbackUrl").asText())
                .isEqualTo("https://connector.internal/api/v1/webhooks/shop/callbacks/"
                        + sent.path("categories").get(0).path("stepId").asText());

        assertThat(results.get("orders").result().rowsAffected()).isEqualTo(3);
        assertThat(results.get("orders").result().failure()).isNull();
        assertThat(results.get("orders").result().exchanges().get(0).sha256())
                .isEqualTo(Hashes.sha256Hex(CanonicalJson.canonicalize(done()).getBytes(StandardCharsets.UTF_8)));
        assertThat(results.get("account").result().failure().retryable()).isTrue();
        assertThat(results.get("account").result().failure().reason())
                .isEqualTo("the service reported a failure: db locked");
        assertThat(results.toString()).doesNotContain("carol");
    }

    @Test
    void answerSignedWithAnotherKeyIsNeverAccepted() {
        SigningKeyPair impostor = SigningKeyPair.loadOrCreate(dir.resolve("impostor"), "service");
        server.stubFor(post("/dsr").willReturn(signed(200, done(), impostor, Instant.now())));

        assertThat(execute(connector())).hasSize(2).allSatisfy(r -> {
            assertThat(r.result().rowsAffected()).isZero();
            assertThat(r.result().failure().retryable()).isFalse();
            assertThat(r.result().failure().reason())
                    .isEqualTo("the service's answer (HTTP 200) was refused: "
                            + "X-DSR-Signature does not verify with the service's pinned public key");
        });
    }

    @Test
    void unsignedOrStaleOrForeignAnswersAreNeverAccepted() {
        server.stubFor(post("/dsr").willReturn(aResponse().withStatus(200).withBody(done())));
        assertThat(execute(connector()).get(0).result().failure().reason()).endsWith("no X-DSR-Signature header");

        server.stubFor(post("/dsr")
                .willReturn(signed(200, done(), service, Instant.now().minusSeconds(600))));
        assertThat(execute(connector()).get(0).result().failure().reason()).contains("more than 5 minutes");

        ProcessorCommandV1 mine = command;
        command = WebhookFixture.command(SUBJECT, CATEGORIES); // the service answers for another command
        server.stubFor(post("/dsr").willReturn(signed(200, done(), service, Instant.now())));
        command = mine;
        assertThat(execute(connector()))
                .allSatisfy(r -> assertThat(r.result().failure().reason())
                        .isEqualTo("the service's answer (HTTP 200) is malformed: commandId is not this command's"));
    }

    @Test
    void answerWithoutACategoryOrWithBadCountsFailsThatCategory() {
        server.stubFor(post("/dsr")
                .willReturn(signed(
                        200,
                        "{\"commandId\":\"" + command.commandId()
                                + "\",\"outcomes\":[{\"category\":\"orders\",\"status\":\"DONE\",\"rowsAffected\":-1,"
                                + "\"remaining\":0,\"verification\":\"x\"}]}",
                        service,
                        Instant.now())));

        Map<String, StepResult> results = WebhookFixture.byCategory(execute(connector()));

        assertThat(results.get("orders").result().failure().reason())
                .isEqualTo("the service's outcome is malformed: rowsAffected must be a whole number, 0 or more");
        assertThat(results.get("account").result().failure().reason())
                .isEqualTo("the service's answer has no outcome for this category");
    }

    @Test
    void serverErrorIsRetryable() {
        server.stubFor(post("/dsr").willReturn(aResponse().withStatus(503)));

        assertThat(execute(connector())).allSatisfy(r -> {
            assertThat(r.result().failure().retryable()).isTrue();
            assertThat(r.result().failure().reason()).startsWith("the service answered HTTP 503");
            assertThat(r.result().exchanges().get(0).status()).isEqualTo(503);
        });
    }

    @Test
    void timeoutAndRefusedConnectionAreRetryable() throws Exception {
        server.stubFor(post("/dsr")
                .willReturn(signed(200, done(), service, Instant.now()).withFixedDelay(3_000)));
        assertThat(execute(connector(server.baseUrl() + "/dsr", "1s"))).allSatisfy(r -> {
            assertThat(r.result().failure().retryable()).isTrue();
            assertThat(r.result().failure().reason()).startsWith("the service did not answer within PT1S");
        });

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(execute(connector("http://127.0.0.1:" + closed + "/dsr", "1s")))
                .allSatisfy(r -> {
                    assertThat(r.result().failure().retryable()).isTrue();
                    assertThat(r.result().failure().reason()).startsWith("the service could not be reached");
                });
    }

    @Test
    void clientErrorIsPermanent() {
        server.stubFor(post("/dsr")
                .withHeader(WebhookSignatures.SIGNATURE, matching(".+"))
                .willReturn(aResponse().withStatus(400)));

        assertThat(execute(connector())).allSatisfy(r -> {
            assertThat(r.result().failure().retryable()).isFalse();
            assertThat(r.result().failure().reason()).isEqualTo("the service refused the request with HTTP 400");
        });
    }

    @Test
    void acceptedStaysPendingUntilCallbackWithinThenFails() {
        server.stubFor(post("/dsr")
                .willReturn(signed(202, "{\"commandId\":\"" + command.commandId() + "\"}", service, Instant.now())));
        WebhookConnector connector = connector();

        List<StepResult> results = execute(connector);

        StepResult orders = results.get(0);
        assertThat(orders.result().failure()).isNull();
        assertThat(orders.result().expectedCompletion())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        PendingStep step = new PendingStep(
                java.util.UUID.randomUUID(),
                command.commandId(),
                command.requestId(),
                "shop",
                "orders",
                Action.ERASE,
                orders.resumeState(),
                0,
                orders.result().expectedCompletion());

        clock.set(clock.instant().plus(Duration.ofMinutes(29)));
        StepResult still = connector.resume(step).await().indefinitely();
        assertThat(still.result().failure()).isNull();
        assertThat(still.result().expectedCompletion())
                .isEqualTo(orders.result().expectedCompletion());

        clock.set(clock.instant().plus(Duration.ofMinutes(1)));
        StepResult late = connector.resume(step).await().indefinitely();
        assertThat(late.result().expectedCompletion()).isNull();
        assertThat(late.result().failure().retryable()).isFalse();
        assertThat(late.result().failure().reason())
                .isEqualTo("no callback within PT30M of the service accepting" + " the work");
    }

    @Test
    void acceptedWithoutACallbackBaseUrlIsAFailure() {
        server.stubFor(post("/dsr")
                .withHeader("Content-Type", equalTo("application/json"))
                .willReturn(signed(202, "{\"commandId\":\"" + command.commandId() + "\"}", service, Instant.now())));
        String yaml = "url: " + server.baseUrl() + "/dsr\npublic-key: " + Signatures.encode(service.publicKey())
                + "\ncategories: {orders: [ERASE], account: [ERASE]}\n";
        var entry = WebhookFixture.entry(yaml, dir);
        List<String> errors = new ArrayList<>();
        WebhookConnector c = (WebhookConnector)
                new WebhookKind().create(entry, WebhookFixture.settings(entry, errors, Map.of()), ours);

        assertThat(execute(c)).allSatisfy(r -> {
            assertThat(r.resumeState()).isNull();
            assertThat(r.result().failure().reason()).contains("no callback-base-url");
        });
    }
}
