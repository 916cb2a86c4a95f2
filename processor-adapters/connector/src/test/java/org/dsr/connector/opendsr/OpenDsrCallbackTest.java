package org.dsr.connector.opendsr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dsr.connector.opendsr.OpenDsrFixture.impostor;
import static org.dsr.connector.opendsr.OpenDsrFixture.processorKey;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.ws.rs.core.Response;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.connector.kind.PendingStepIds;
import org.dsr.kit.problem.Problem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/opendsr/{processor}/callbacks} as §8.6–§8.8 describe it, the certificate pinned in the
 * settings rather than fetched from the caller; the resource built directly, the pending-step store a map of open steps.
 */
class OpenDsrCallbackTest {

    private static final String CALLBACK_URL = "https://connector.controller.test/api/v1/opendsr/crm/callbacks";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    OpenDsrConnector connector;
    /** Open pending steps, and what finished each. */
    final Set<UUID> open = new java.util.HashSet<>();

    final Map<UUID, CategoryResult> finished = new LinkedHashMap<>();
    OpenDsrCallbackResource resource;
    UUID commandId;

    @BeforeEach
    void setUp() {
        ObjectNode settings = OpenDsrFixture.settings(
                "https://opendsr.processor.test/v2", processorKey().certificate());
        settings.put("check-discovery", false);
        List<String> errors = new ArrayList<>();
        connector = (OpenDsrConnector) OpenDsrFixture.create(settings, dir, errors);
        assertThat(errors).isEmpty();
        commandId = UUID.randomUUID();
        OpenDsrFixture.CATEGORIES.forEach(c -> open.add(PendingStepIds.of(commandId, OpenDsrFixture.PROCESSOR, c)));
        resource = new OpenDsrCallbackResource(
                name -> OpenDsrFixture.PROCESSOR.equals(name) ? connector : null, (stepId, result) -> {
                    boolean wasOpen = open.remove(stepId);
                    if (wasOpen) {
                        finished.put(stepId, result);
                    }
                    return Uni.createFrom().item(wasOpen);
                });
    }

    private String body(String status, String callbackUrl) {
        return """
                {"controller_id":"example_controller_id","expected_completion_time":"2026-04-01T15:00:01Z",
                 "status_callback_url":"%s","subject_request_id":"%s","request_status":"%s"}""".formatted(callbackUrl, commandId, status);
    }

    private Response post(String processor, String domain, String signature, String body) {
        return resource.callback(processor, domain, signature, null, null, body.getBytes(StandardCharsets.UTF_8))
                .await()
                .atMost(WAIT);
    }

    private static Problem problem(Response r) {
        assertThat(r.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        return (Problem) r.getEntity();
    }

    @Test
    void aSignedCompletedCallbackFinishesEveryOpenStepOfTheCommandErased() {
        String body = body("completed", CALLBACK_URL);

        Response r = post("crm", OpenDsrFixture.DOMAIN, processorKey().sign(body), body);

        assertThat(r.getStatus()).isEqualTo(202);
        assertThat(((OpenDsrCallbackResource.Acknowledged) r.getEntity()).stepsFinished())
                .isEqualTo(2);
        assertThat(open).isEmpty();
        assertThat(finished.values()).hasSize(2).allSatisfy(result -> {
            assertThat(result.failure()).isNull();
            assertThat(result.expectedCompletion()).isNull();
            assertThat(result.rowsAffected()).isEqualTo(1);
            assertThat(result.exchanges()).singleElement().satisfies(e -> {
                assertThat(e.step()).isEqualTo("callback");
                assertThat(e.sha256()).isEqualTo(OpenDsrProtocol.sha256(body));
                assertThat(e.objectIds()).containsExactly(commandId.toString());
            });
        });

        // processors retry callbacks (§8.5): the same callback again is acknowledged and changes nothing
        Response again = post("crm", OpenDsrFixture.DOMAIN, processorKey().sign(body), body);
        assertThat(again.getStatus()).isEqualTo(202);
        assertThat(((OpenDsrCallbackResource.Acknowledged) again.getEntity()).stepsFinished())
                .isZero();
    }

    @Test
    void aBadSignatureIsRefusedAsProblemJsonAndTouchesNoStep() {
        String body = body("completed", CALLBACK_URL);

        Response forged = post("crm", OpenDsrFixture.DOMAIN, impostor().sign(body), body);
        assertThat(forged.getStatus()).isEqualTo(403);
        assertThat(problem(forged).detail()).contains("pinned");
        assertThat(problem(forged).instance()).isEqualTo("/api/v1/opendsr/crm/callbacks");

        String tampered = body("cancelled", CALLBACK_URL);
        assertThat(post("crm", OpenDsrFixture.DOMAIN, processorKey().sign(body), tampered)
                        .getStatus())
                .isEqualTo(403);
        assertThat(post("crm", OpenDsrFixture.DOMAIN, null, body).getStatus()).isEqualTo(403);
        assertThat(post("crm", OpenDsrFixture.DOMAIN, "not base64 at all!", body)
                        .getStatus())
                .isEqualTo(403);
        // a genuine signature from another domain than the one configured is refused too
        assertThat(post("crm", "other-processor.test", processorKey().sign(body), body)
                        .getStatus())
                .isEqualTo(403);

        assertThat(finished).isEmpty();
        assertThat(open).hasSize(2);
    }

    @Test
    void aSignedBodyThatIsNoStatusOfThisEndpointIsABadRequest() {
        String malformed = "{\"request_status\": \"completed\"";
        Response r = post("crm", OpenDsrFixture.DOMAIN, processorKey().sign(malformed), malformed);
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(problem(r).title()).isEqualTo("Malformed request body");

        String elsewhere = body("completed", "https://attacker.test/callbacks");
        Response e = post("crm", OpenDsrFixture.DOMAIN, processorKey().sign(elsewhere), elsewhere);
        assertThat(e.getStatus()).isEqualTo(400);
        assertThat(problem(e).detail()).contains("status_callback_url");
        assertThat(finished).isEmpty();
    }

    @Test
    void aCancelledCallbackFinishesFailedAndAnInProgressOneChangesNothing() {
        String progress = body("in_progress", CALLBACK_URL);
        assertThat(post("crm", OpenDsrFixture.DOMAIN, processorKey().sign(progress), progress)
                        .getStatus())
                .isEqualTo(202);
        assertThat(finished).isEmpty();

        String cancelled = body("cancelled", CALLBACK_URL);
        // OpenGDPR header names are honoured too (§10.1)
        Response r = resource.callback(
                        "crm",
                        null,
                        null,
                        OpenDsrFixture.DOMAIN,
                        processorKey().sign(cancelled),
                        cancelled.getBytes(StandardCharsets.UTF_8))
                .await()
                .atMost(WAIT);
        assertThat(r.getStatus()).isEqualTo(202);
        assertThat(finished.values()).hasSize(2).allSatisfy(result -> {
            assertThat(result.failure().retryable()).isFalse();
            assertThat(result.failure().reason()).contains("cancelled");
        });
    }

    @Test
    void aProcessorThisConnectorDoesNotHostAsOpenDsrIsNotFound() {
        String body = body("completed", CALLBACK_URL);
        Response r = post("payments", OpenDsrFixture.DOMAIN, processorKey().sign(body), body);
        assertThat(r.getStatus()).isEqualTo(404);
        assertThat(problem(r).status()).isEqualTo(404);
        assertThat(finished).isEmpty();
    }
}
