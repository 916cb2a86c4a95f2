package org.dsr.connector.opendsr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dsr.connector.opendsr.OpenDsrFixture.impostor;
import static org.dsr.connector.opendsr.OpenDsrFixture.processorKey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.dsr.adapter.kit.OutcomeRules;
import org.dsr.connector.kind.PendingStep;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The opendsr kind against a local server that answers as OpenDSR 2.0 documents (specification.md §6–§9), built
 * directly from a processor entry as the connectors file declares it.
 */
class OpenDsrConnectorTest extends OpenDsrLocalServer {

    private static final String EMAIL = "Jane.Doe@Example.com";
    private static final List<Identifier> IDS = List.of(
            new Identifier(IdentifierType.EMAIL, EMAIL),
            new Identifier(IdentifierType.USER_ID, " u-42 "),
            new Identifier(IdentifierType.PHONE, "+46701234567"));
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant EXPECTED =
            Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    /** §7.1.1: every property an OpenDSR 2.0 request may have. */
    private static final Set<String> REQUEST_PROPERTIES = Set.of(
            "regulation",
            "subject_request_id",
            "subject_request_type",
            "subject_identities",
            "submitted_time",
            "api_version",
            "status_callback_urls",
            "extensions");

    @BeforeEach
    void discovery() {
        server.stubFor(get(urlEqualTo("/v2/discovery")).willReturn(okJson("""
                {"api_version":"2.0",
                 "supported_identities":[{"identity_type":"email","identity_format":"raw"},
                   {"identity_type":"email","identity_format":"sha256"},
                   {"identity_type":"controller_customer_id","identity_format":"raw"},
                   {"identity_type":"controller_customer_id","identity_format":"sha256"}],
                 "supported_subject_request_types":["erasure"],
                 "processor_certificate":"https://opendsr.processor.test/cert.pem"}""")));
    }

    private ProcessorConnector connector(ObjectNode settings) {
        List<String> errors = new ArrayList<>();
        ProcessorConnector c = OpenDsrFixture.create(settings, dir, errors);
        assertThat(errors).isEmpty();
        return c;
    }

    private ProcessorConnector connector() {
        return connector(OpenDsrFixture.settings(base, processorKey().certificate()));
    }

    /** A signed answer, as §7.4 and §8.4 show it. */
    private static ResponseDefinitionBuilder signed(int status, String body, OpenDsrFixture.Signer by) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader(OpenDsrProtocol.DOMAIN, OpenDsrFixture.DOMAIN)
                .withHeader(OpenDsrProtocol.SIGNATURE, by.sign(body))
                .withBody(body);
    }

    private static String accepted(UUID id) {
        return """
                {"controller_id":"example_controller_id","expected_completion_time":"%s",
                 "received_time":"2026-03-01T10:15:31Z","encoded_request":"e30=","subject_request_id":"%s"}""".formatted(EXPECTED, id);
    }

    /** A status whose expected completion is already past (a processor late on its own estimate). */
    private static String status(UUID id, String status) {
        return """
                {"controller_id":"example_controller_id","expected_completion_time":"2026-03-01T15:00:01Z",
                 "subject_request_id":"%s","request_status":"%s","api_version":"2.0"}""".formatted(id, status);
    }

    private List<StepResult> execute(ProcessorConnector c, ProcessorCommandV1 command, OpenDsrFixture.Journal j) {
        return c.execute(OpenDsrFixture.context(command, IDS, j)).await().atMost(WAIT);
    }

    private static ProcessorOutcomeV1 outcome(ProcessorCommandV1 command, StepResult r) {
        return OutcomeRules.outcome(
                UUID.randomUUID(),
                OpenDsrFixture.PROCESSOR,
                command,
                new CategoryCommand(r.category(), Action.ERASE),
                r.result(),
                Instant.now());
    }

    private static PendingStep step(ProcessorCommandV1 command, StepResult r) {
        return new PendingStep(
                UUID.randomUUID(),
                command.commandId(),
                command.requestId(),
                OpenDsrFixture.PROCESSOR,
                r.category(),
                Action.ERASE,
                r.resumeState(),
                0,
                r.result().expectedCompletion());
    }

    private JsonNode sentRequest() throws Exception {
        var sent = server.findAll(postRequestedFor(urlEqualTo("/v2/requests")));
        assertThat(sent).hasSize(1);
        return Json.MAPPER.readTree(sent.get(0).getBodyAsString());
    }

    @Test
    void erasureIsOneSpecRequestPendingUntilTheSignedStatusSaysCompleted() throws Exception {
        ProcessorCommandV1 command = OpenDsrFixture.erasure(IDS);
        UUID id = command.commandId();
        server.stubFor(post(urlEqualTo("/v2/requests")).willReturn(signed(201, accepted(id), processorKey())));
        String pendingBody = status(id, "in_progress");
        String completedBody = status(id, "completed");
        server.stubFor(get(urlEqualTo("/v2/requests/" + id))
                .inScenario("s")
                .whenScenarioStateIs(STARTED)
                .willReturn(signed(200, pendingBody, processorKey()))
                .willSetStateTo("done"));
        server.stubFor(get(urlEqualTo("/v2/requests/" + id))
                .inScenario("s")
                .whenScenarioStateIs("done")
                .willReturn(signed(200, completedBody, processorKey())));
        ProcessorConnector c = connector();
        OpenDsrFixture.Journal journal = new OpenDsrFixture.Journal(null);

        List<StepResult> results = execute(c, command, journal);

        // the request id is recorded before the request goes out, so an interrupted attempt can ask about it
        assertThat(journal.recorded).containsExactly(id.toString());
        JsonNode body = sentRequest();
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        assertThat(REQUEST_PROPERTIES).containsAll(names);
        assertThat(body.path("subject_request_id").asText())
                .isEqualTo(id.toString())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(body.path("subject_request_type").asText()).isEqualTo("erasure");
        assertThat(body.path("regulation").asText()).isEqualTo("gdpr");
        assertThat(OffsetDateTime.parse(body.path("submitted_time").asText()).toInstant())
                .isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
        assertThat(body.path("api_version").asText()).isEqualTo("2.0");
        assertThat(body.path("status_callback_urls").get(0).asText())
                .isEqualTo("https://connector.controller.test/api/v1/opendsr/crm/callbacks");
        // normalised values, types of §5.1, format of §5.2; PHONE has no OpenDSR identity type and is not sent
        assertThat(body.path("subject_identities").toString())
                .isEqualTo(Json.MAPPER.readTree("""
                [{"identity_type":"email","identity_value":"jane.doe@example.com","identity_format":"raw"},
                 {"identity_type":"controller_customer_id","identity_value":"u-42","identity_format":"raw"}]""").toString());

        assertThat(results).extracting(StepResult::category).containsExactlyInAnyOrder("contact", "orders");
        for (StepResult r : results) {
            ProcessorOutcomeV1 o = outcome(command, r);
            assertThat(o.status()).isEqualTo(OutcomeStatus.PENDING);
            assertThat(o.expectedCompletion()).isEqualTo(EXPECTED);
            assertThat(r.resumeState())
                    .contains(id.toString())
                    .contains("/v2/requests/" + id)
                    .doesNotContain("example.com");
            assertThat(o.evidence().exchanges()).singleElement().satisfies(e -> {
                assertThat(e.step()).isEqualTo("act");
                assertThat(e.status()).isEqualTo(201);
                assertThat(e.sha256()).isEqualTo(OpenDsrProtocol.sha256(accepted(id)));
            });
        }

        StepResult first = c.resume(step(command, results.get(0))).await().atMost(WAIT);
        assertThat(outcome(command, first).status()).isEqualTo(OutcomeStatus.PENDING);
        // asked again no sooner than min-poll-interval (1m), though the processor's own estimate is past
        assertThat(first.result().expectedCompletion()).isAfter(Instant.now().plusSeconds(50));

        StepResult done = c.resume(step(command, results.get(0))).await().atMost(WAIT);
        ProcessorOutcomeV1 erased = outcome(command, done);
        assertThat(erased.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(erased.evidence().verification()).contains("completed");
        assertThat(erased.evidence().exchanges())
                .extracting(Evidence.Exchange::step, Evidence.Exchange::status, Evidence.Exchange::sha256)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("act", 201, OpenDsrProtocol.sha256(accepted(id))),
                        org.assertj.core.groups.Tuple.tuple("poll", 200, OpenDsrProtocol.sha256(completedBody)));
        assertThat(Json.write(erased)).doesNotContainIgnoringCase("jane.doe").doesNotContain("u-42");
    }

    @Test
    void identitiesAreSentAsSha256WhenTheSettingSaysSo() throws Exception {
        ProcessorCommandV1 command = OpenDsrFixture.erasure(IDS);
        server.stubFor(post(urlEqualTo("/v2/requests"))
                .willReturn(signed(201, accepted(command.commandId()), processorKey())));
        ObjectNode settings = OpenDsrFixture.settings(base, processorKey().certificate());
        settings.put("identity-format", "sha256");

        execute(connector(settings), command, new OpenDsrFixture.Journal(null));

        JsonNode identities = sentRequest().path("subject_identities");
        assertThat(identities.get(0).path("identity_format").asText()).isEqualTo("sha256");
        assertThat(identities.get(0).path("identity_value").asText())
                .isEqualTo(OpenDsrProtocol.sha256("jane.doe@example.com"));
        assertThat(identities.toString()).doesNotContain("example.com").doesNotContain("u-42");
    }

    @Test
    void aRefusedRequestIsFailedPermanentAndAServerErrorRetryable() {
        ProcessorCommandV1 refused = OpenDsrFixture.erasure(IDS);
        server.stubFor(post(urlEqualTo("/v2/requests"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                        {"error":{"code":400,"message":"jane.doe@example.com is not a customer"}}""")));
        List<StepResult> results = execute(connector(), refused, new OpenDsrFixture.Journal(null));
        for (StepResult r : results) {
            ProcessorOutcomeV1 o = outcome(refused, r);
            assertThat(o.status()).isEqualTo(OutcomeStatus.FAILED);
            assertThat(o.failure().retryable()).isFalse();
            assertThat(o.failure().reason()).contains("HTTP 400").doesNotContain("jane");
            assertThat(r.resumeState()).isNull();
        }

        server.stubFor(post(urlEqualTo("/v2/requests")).willReturn(aResponse().withStatus(500)));
        ProcessorCommandV1 later = OpenDsrFixture.erasure(IDS);
        StepResult r =
                execute(connector(), later, new OpenDsrFixture.Journal(null)).get(0);
        assertThat(outcome(later, r).status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(r.result().failure().retryable()).isTrue();
        assertThat(r.result().failure().reason()).contains("HTTP 500");
    }

    @Test
    void anAnswerThatIsNotJsonOrNotSignedByThePinnedCertificateIsNotBelieved() {
        ProcessorCommandV1 command = OpenDsrFixture.erasure(IDS);
        String notJson = "<html>accepted</html>";
        server.stubFor(post(urlEqualTo("/v2/requests")).willReturn(signed(201, notJson, processorKey())));
        StepResult r =
                execute(connector(), command, new OpenDsrFixture.Journal(null)).get(0);
        assertThat(outcome(command, r).status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(r.result().failure().reason()).contains("not JSON");
        assertThat(r.result().failure().retryable()).isTrue();

        ProcessorCommandV1 forged = OpenDsrFixture.erasure(IDS);
        server.stubFor(
                post(urlEqualTo("/v2/requests")).willReturn(signed(201, accepted(forged.commandId()), impostor())));
        StepResult f =
                execute(connector(), forged, new OpenDsrFixture.Journal(null)).get(0);
        assertThat(outcome(forged, f).status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(f.result().failure().reason()).contains("not signed by its pinned certificate");
    }

    @Test
    void aCancelledRequestIsFailedPermanentAndABadlySignedStatusIsAFailedPoll() {
        ProcessorCommandV1 command = OpenDsrFixture.erasure(IDS);
        UUID id = command.commandId();
        server.stubFor(post(urlEqualTo("/v2/requests")).willReturn(signed(201, accepted(id), processorKey())));
        ProcessorConnector c = connector();
        StepResult pending =
                execute(c, command, new OpenDsrFixture.Journal(null)).get(0);

        server.stubFor(
                get(urlEqualTo("/v2/requests/" + id)).willReturn(signed(200, status(id, "completed"), impostor())));
        assertThatThrownBy(() -> c.resume(step(command, pending)).await().atMost(WAIT))
                .hasMessageContaining("not signed by the pinned certificate");

        server.stubFor(
                get(urlEqualTo("/v2/requests/" + id)).willReturn(signed(200, status(id, "cancelled"), processorKey())));
        StepResult cancelled = c.resume(step(command, pending)).await().atMost(WAIT);
        ProcessorOutcomeV1 o = outcome(command, cancelled);
        assertThat(o.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(o.failure().retryable()).isFalse();
        assertThat(o.failure().reason()).contains("cancelled");
        assertThat(o.evidence().exchanges()).extracting(Evidence.Exchange::step).containsExactly("act", "poll");
    }

    @Test
    void anInterruptedAttemptAsksAboutItsRequestInsteadOfSubmittingAgain() {
        ProcessorCommandV1 command = OpenDsrFixture.erasure(IDS);
        UUID id = command.commandId();
        server.stubFor(
                get(urlEqualTo("/v2/requests/" + id)).willReturn(signed(200, status(id, "completed"), processorKey())));

        List<StepResult> results = execute(connector(), command, new OpenDsrFixture.Journal(id.toString()));

        server.verify(0, postRequestedFor(urlEqualTo("/v2/requests")));
        assertThat(results)
                .allSatisfy(r -> assertThat(outcome(command, r).status()).isEqualTo(OutcomeStatus.ERASED));
    }

    @Test
    void aSubjectWithNoMappedIdentifierIsRefusedWithoutARequest() {
        List<Identifier> phoneOnly = List.of(new Identifier(IdentifierType.PHONE, "+46701234567"));
        ProcessorCommandV1 command = OpenDsrFixture.erasure(phoneOnly);

        List<StepResult> results = connector()
                .execute(OpenDsrFixture.context(command, phoneOnly, new OpenDsrFixture.Journal(null)))
                .await()
                .atMost(WAIT);

        server.verify(0, postRequestedFor(urlEqualTo("/v2/requests")));
        assertThat(results).hasSize(2).allSatisfy(r -> {
            assertThat(r.result().failure().retryable()).isFalse();
            assertThat(r.result().failure().reason()).contains("PHONE").doesNotContain("4670");
        });
    }

    @Test
    void onlyErasureIsOfferedSoRestrictionIsRefusedByTheCore() {
        ProcessorConnector c = connector();
        assertThat(c.categories()).containsOnlyKeys("contact", "orders");
        assertThat(c.categories().values())
                .allSatisfy(actions -> assertThat(actions).containsExactly(Action.ERASE));
    }

    @Test
    void cancelSendsTheSpecDeleteForTheCommandsRequest() {
        UUID id = UUID.randomUUID();
        String body = """
                {"controller_id":"example_controller_id","subject_request_id":"%s",
                 "received_time":"2026-03-02T15:00:01Z","api_version":"2.0"}""".formatted(id);
        server.stubFor(delete(urlEqualTo("/v2/requests/" + id)).willReturn(signed(202, body, processorKey())));
        OpenDsrConnector c = (OpenDsrConnector) connector();

        OpenDsrConnector.Cancellation cancellation = c.cancel(id).await().atMost(WAIT);

        server.verify(1, deleteRequestedFor(urlEqualTo("/v2/requests/" + id)));
        assertThat(cancellation.accepted()).isTrue();
        assertThat(cancellation.exchange().status()).isEqualTo(202);
        assertThat(cancellation.exchange().sha256())
                .isEqualTo(OpenDsrProtocol.sha256(body.getBytes(StandardCharsets.UTF_8)));
        server.stubFor(
                delete(urlEqualTo("/v2/requests/" + id)).willReturn(aResponse().withStatus(400)));
        assertThat(c.cancel(id).await().atMost(WAIT).accepted()).isFalse();
    }
}
