package org.dsr.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.dsr.adapter.kit.testing.AdapterTestClient;
import org.dsr.connector.kind.PendingStepIds;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.testsupport.RealInfrastructureTest;
import org.junit.jupiter.api.Test;

/**
 * The whole way: a command on Kafka, the connector POSTs it to the Python service, which answers 202 and calls back
 * the connector's resource; the final outcomes, signed with the processor's key, reach dsr.outcomes. A callback
 * that is replayed, wrongly signed or for an unknown step is refused with a problem and changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = WebhookStackResource.class, restrictToAnnotatedClass = true)
@RealInfrastructureTest
class WebhookCallbackResourceTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final List<CategoryCommand> ERASURE = List.of(
            new CategoryCommand("account", Action.ERASE),
            new CategoryCommand("orders", Action.ERASE),
            new CategoryCommand("newsletter", Action.ERASE));

    @Test
    void acceptedWorkIsFinishedByTheServicesCallbackAndNothingElse() throws Exception {
        try (AdapterTestClient client = new AdapterTestClient("shop", "connector_webhook_test")) {
            ProcessorCommandV1 command = client.command(
                    RequestType.ERASURE, Jurisdiction.SE, AdapterTestClient.email("Alice@Example.com"), ERASURE);
            client.send(command);

            List<ProcessorOutcomeV1> outcomes = client.awaitOutcomes(command.requestId(), 6, WAIT);

            Map<OutcomeStatus, List<String>> byStatus = outcomes.stream()
                    .collect(Collectors.groupingBy(
                            ProcessorOutcomeV1::status,
                            Collectors.mapping(ProcessorOutcomeV1::category, Collectors.toList())));
            assertThat(byStatus.get(OutcomeStatus.PENDING))
                    .containsExactlyInAnyOrder("account", "orders", "newsletter");
            assertThat(byStatus.get(OutcomeStatus.ERASED)).containsExactlyInAnyOrder("account", "orders", "newsletter");
            client.assertSigned(outcomes, RestAssured.get("/api/v1/keys").asString());
            assertThat(outcomes)
                    .filteredOn(o -> o.status() == OutcomeStatus.ERASED)
                    .allSatisfy(o -> {
                        assertThat(o.evidence().exchanges())
                                .singleElement()
                                .satisfies(e -> assertThat(e.step()).isEqualTo("callback"));
                        assertThat(o.evidence().toString()).doesNotContain("alice");
                    });
            assertThat(PythonService.count(WebhookStackResource.dir.resolve("shop.db"), "orders", "alice@example.com"))
                    .isZero();

            UUID orders = PendingStepIds.of(command.commandId(), "shop", "orders");
            String body = "{\"commandId\":\"" + command.commandId() + "\",\"outcomes\":[{\"category\":\"orders\","
                    + "\"status\":\"DONE\",\"rowsAffected\":9,\"remaining\":0,\"verification\":\"replayed\"}]}";
            // a genuine, fresh callback for a step that is already finished
            post(orders, body, serviceKey())
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Step not open"));
            // signed by someone else
            post(orders, body, Signatures.generate().getPrivate())
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json");
            // a step this connector never had
            post(UUID.randomUUID(), body, serviceKey()).then().statusCode(404).contentType("application/problem+json");
            // a genuine callback that overtook the connector's commit of the step it answered 202 for (here: a
            // command whose step is not recorded at all): to be sent again, not refused for good
            UUID notYet = UUID.randomUUID();
            post(
                            PendingStepIds.of(notYet, "shop", "orders"),
                            body.replace(command.commandId().toString(), notYet.toString()),
                            serviceKey())
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "1")
                    .contentType("application/problem+json")
                    .body("title", equalTo("Step not open yet"));
            // a later command's first answers leave through the same outbox after anything the refused callbacks
            // could have written: once they are on the topic, a seventh outcome of the first request would be too
            ProcessorCommandV1 marker = client.command(
                    RequestType.ERASURE, Jurisdiction.SE, AdapterTestClient.email("Bob@Example.com"), ERASURE);
            client.send(marker);
            client.awaitOutcomes(marker.requestId(), 3, WAIT);
            assertThat(client.outcomes(command.requestId())).hasSize(6);
        }
    }

    private static io.restassured.response.Response post(UUID step, String body, PrivateKey key) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(Instant.now().getEpochSecond());
        return RestAssured.given()
                .header(WebhookSignatures.TIMESTAMP, ts)
                .header(WebhookSignatures.SIGNATURE, WebhookSignatures.sign(key, ts, bytes))
                .contentType("application/json")
                .body(bytes)
                .post("/api/v1/webhooks/shop/callbacks/" + step);
    }

    /** The Python service's own key (a raw 32-byte seed) as a Java private key. */
    private static PrivateKey serviceKey() throws Exception {
        byte[] seed = Base64.getDecoder()
                .decode(Files.readString(WebhookStackResource.dir.resolve("service-keys/service-signing.key"))
                        .strip());
        byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420");
        byte[] der = new byte[pkcs8.length + seed.length];
        System.arraycopy(pkcs8, 0, der, 0, pkcs8.length);
        System.arraycopy(seed, 0, der, pkcs8.length, seed.length);
        return Signatures.privateKey(Base64.getEncoder().encodeToString(der));
    }
}
