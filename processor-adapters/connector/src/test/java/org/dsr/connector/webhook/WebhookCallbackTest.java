package org.dsr.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsr.connector.kind.PendingStepIds;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.kit.keys.SigningKeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link WebhookConnector#callback} accepts: only the service's signed, fresh, final answer for that step. */
class WebhookCallbackTest {

    @TempDir
    Path dir;

    private SigningKeyPair service;
    private WebhookConnector connector;
    private final UUID commandId = UUID.randomUUID();
    private final UUID step = PendingStepIds.of(commandId, "shop", "orders");

    @BeforeEach
    void connector() {
        service = SigningKeyPair.loadOrCreate(dir.resolve("service"), "service");
        String yaml = "url: https://billing.internal/dsr\npublic-key: " + Signatures.encode(service.publicKey())
                + "\ncategories: {orders: [ERASE, RETAIN]}\ncallback-base-url: https://connector.internal\n";
        var entry = WebhookFixture.entry(yaml, dir);
        List<String> errors = new ArrayList<>();
        connector = (WebhookConnector) new WebhookKind()
                .create(
                        entry,
                        WebhookFixture.settings(entry, errors, Map.of()),
                        SigningKeyPair.loadOrCreate(dir.resolve("ours"), "shop"));
        assertThat(errors).isEmpty();
    }

    private String body(String outcome) {
        return "{\"commandId\":\"" + commandId + "\",\"outcomes\":[" + outcome + "]}";
    }

    private static final String DONE = "{\"category\":\"orders\",\"status\":\"DONE\",\"rowsAffected\":2,"
            + "\"remaining\":0,\"verification\":\"orders counted after delete\"}";

    private WebhookConnector.Callback call(UUID stepId, String body, SigningKeyPair key, Instant at) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(at.getEpochSecond());
        return connector.callback(stepId, ts, WebhookSignatures.sign(key.privateKey(), ts, bytes), bytes);
    }

    @Test
    void signedFinalAnswerForTheStepIsAccepted() {
        WebhookConnector.Callback answer = call(step, body(DONE), service, Instant.now());

        assertThat(answer).isInstanceOfSatisfying(WebhookConnector.Accepted.class, a -> {
            assertThat(a.result().rowsAffected()).isEqualTo(2);
            assertThat(a.result().failure()).isNull();
            assertThat(a.result().verification()).isEqualTo("orders counted after delete");
            assertThat(a.result().exchanges()).singleElement().satisfies(e -> {
                assertThat(e.step()).isEqualTo("callback");
                assertThat(e.request()).isEqualTo("POST /api/v1/webhooks/{processor}/callbacks/{stepId}");
            });
        });
    }

    @Test
    void retentionTravelsWithTheOutcome() {
        String retained = "{\"category\":\"orders\",\"status\":\"DONE\",\"rowsAffected\":1,\"remaining\":0,"
                + "\"verification\":\"kept, restricted\",\"retention\":{\"legalBasis\":\"bookkeeping act 7:2\","
                + "\"retainUntil\":\"2033-12-31\",\"handles\":[\"inv-77\"]}}";

        WebhookConnector.Callback answer = call(step, body(retained), service, Instant.now());

        assertThat(answer).isInstanceOfSatisfying(WebhookConnector.Accepted.class, a -> {
            assertThat(a.result().retention().legalBasis()).isEqualTo("bookkeeping act 7:2");
            assertThat(a.result().retention().retainUntil()).hasToString("2033-12-31");
            assertThat(a.result().retention().handles()).containsExactly("inv-77");
        });
    }

    @Test
    void wronglySignedOrStaleCallbackIsRefused() {
        SigningKeyPair impostor = SigningKeyPair.loadOrCreate(dir.resolve("impostor"), "service");
        assertThat(call(step, body(DONE), impostor, Instant.now()))
                .isEqualTo(new WebhookConnector.Refused(
                        401,
                        "invalid-signature",
                        "Invalid signature",
                        "The callback was refused: X-DSR-Signature does not verify"
                                + " with the service's pinned public key"));
        assertThat(call(step, body(DONE), service, Instant.now().minusSeconds(301)))
                .isInstanceOfSatisfying(
                        WebhookConnector.Refused.class,
                        r -> assertThat(r.status()).isEqualTo(401));
        byte[] bytes = body(DONE).getBytes(StandardCharsets.UTF_8);
        assertThat(connector.callback(step, null, null, bytes))
                .isInstanceOfSatisfying(
                        WebhookConnector.Refused.class,
                        r -> assertThat(r.detail()).endsWith("no X-DSR-Signature header"));
    }

    @Test
    void callbackForAnotherStepOrCategoryIsUnknown() {
        assertThat(call(UUID.randomUUID(), body(DONE), service, Instant.now()))
                .isInstanceOfSatisfying(
                        WebhookConnector.Refused.class,
                        r -> assertThat(r.status()).isEqualTo(404));
        String other = DONE.replace("\"orders\"", "\"payments\"");
        assertThat(call(PendingStepIds.of(commandId, "shop", "payments"), body(other), service, Instant.now()))
                .isInstanceOfSatisfying(
                        WebhookConnector.Refused.class,
                        r -> assertThat(r.status()).isEqualTo(404));
    }

    @Test
    void callbackThatIsNotFinalOrNotTheFormatIsMalformed() {
        assertThat(call(step, body(DONE.replace("DONE", "PENDING")), service, Instant.now()))
                .isInstanceOfSatisfying(WebhookConnector.Refused.class, r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.detail()).isEqualTo("a callback is final: status DONE or FAILED");
                });
        assertThat(call(step, body(DONE + "," + DONE), service, Instant.now()))
                .isInstanceOfSatisfying(
                        WebhookConnector.Refused.class,
                        r -> assertThat(r.status()).isEqualTo(400));
        assertThat(call(
                        step,
                        body(DONE.replace("\"verification\":\"orders counted after delete\"", "\"x\":1")),
                        service,
                        Instant.now()))
                .isInstanceOfSatisfying(
                        WebhookConnector.Refused.class,
                        r -> assertThat(r.detail()).isEqualTo("verification is required"));
    }
}
