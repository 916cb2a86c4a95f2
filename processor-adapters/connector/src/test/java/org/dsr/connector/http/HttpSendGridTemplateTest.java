package org.dsr.connector.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.dsr.connector.http.HttpTestSupport.EMAIL;
import static org.dsr.connector.http.HttpTestSupport.assertNoPersonalData;
import static org.dsr.connector.http.HttpTestSupport.email;
import static org.dsr.connector.http.HttpTestSupport.erase;
import static org.dsr.connector.http.HttpTestSupport.retain;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.dsr.connector.kind.PendingStep;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sendgrid template against a stand-in that answers as SendGrid's OpenAPI description says, and every request
 * the connector sent checked against that description.
 */
class HttpSendGridTemplateTest {

    private static final OpenApiCheck SPEC = new OpenApiCheck(
            "/vendor-apis/sendgrid/tsg_mc_contacts_v3.yaml", "/vendor-apis/sendgrid/tsg_suppressions_v3.yaml");

    @RegisterExtension
    static final WireMockExtension SENDGRID =
            WireMockExtension.newInstance().options(options().dynamicPort()).build();

    private ProcessorConnector connector;

    @BeforeEach
    void connect() {
        connector = HttpTestSupport.connector("sendgrid", HttpTestSupport.settings("sendgrid", SENDGRID.baseUrl()));
    }

    /** Every request sent fits SendGrid's description; returns the operations that were used. */
    @AfterEach
    void everyRequestFitsTheDescription() {
        List<LoggedRequest> sent =
                SENDGRID.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
        for (LoggedRequest request : sent) {
            assertThat(SPEC.problems(request))
                    .as(request.getMethod() + " " + request.getUrl())
                    .isEmpty();
        }
    }

    private static Set<String> operations() {
        Set<String> used = new TreeSet<>();
        SENDGRID.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()))
                .forEach(r -> used.add(SPEC.operation(r)));
        return used;
    }

    private static void contactFound() {
        SENDGRID.stubFor(post(urlPathEqualTo("/v3/marketing/contacts/search/emails"))
                .withRequestBody(equalToJson("{\"emails\":[\"" + EMAIL + "\"]}"))
                .willReturn(okJson("{\"result\":{\"" + EMAIL + "\":{\"contact\":{\"id\":\"ab12-cd34\",\"email\":\""
                        + EMAIL + "\",\"first_name\":\"Jane\"}}}}")));
        SENDGRID.stubFor(delete(urlPathEqualTo("/v3/marketing/contacts"))
                .withQueryParam("ids", equalTo("ab12-cd34"))
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"job_id\":\"job-77\"}")));
    }

    private static void job(String... states) {
        String state = Scenario.STARTED;
        for (int i = 0; i < states.length; i++) {
            String next = "poll-" + (i + 1);
            SENDGRID.stubFor(get(urlPathEqualTo("/v3/marketing/contacts/imports/job-77"))
                    .inScenario("job")
                    .whenScenarioStateIs(state)
                    .willSetStateTo(next)
                    .willReturn(okJson("{\"id\":\"job-77\",\"status\":\"" + states[i] + "\"}")));
            state = next;
        }
    }

    @Test
    void contactIsDeletedByAJobThatIsPolledAndThenVerifiedGone() {
        contactFound();
        HttpTestSupport.Run run = HttpTestSupport.run(connector, email(), erase("contact"));

        ProcessorOutcomeV1 accepted = run.outcome("contact");
        assertThat(accepted.status()).isEqualTo(OutcomeStatus.PENDING);
        assertThat(run.result("contact").resumeState()).contains("job-77").contains("ab12-cd34");
        assertThat(run.journal().recorded).containsExactly("{\"contact\":1}");

        job("pending", "completed");
        SENDGRID.stubFor(get(urlPathEqualTo("/v3/marketing/contacts/ab12-cd34"))
                .willReturn(aResponse().withStatus(404)));
        PendingStep step = run.pending("contact");
        StepResult again = connector.resume(step).await().indefinitely();
        assertThat(HttpTestSupport.outcome(step, again).status()).isEqualTo(OutcomeStatus.PENDING);

        StepResult done = connector.resume(step).await().indefinitely();
        ProcessorOutcomeV1 erased = HttpTestSupport.outcome(step, done);
        assertThat(erased.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(erased.evidence().rowsAffected()).isEqualTo(1);
        assertThat(erased.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.status())
                .containsExactly("find 200", "act 202", "poll 200", "verify 404");
        assertThat(erased.evidence().exchanges().get(0).objectIds()).containsExactly("ab12-cd34");
        assertThat(erased.evidence().exchanges())
                .allSatisfy(e -> assertThat(e.sha256()).hasSize(64));
        assertThat(operations())
                .containsExactly(
                        "DELETE /v3/marketing/contacts",
                        "GET /v3/marketing/contacts/imports/{id}",
                        "GET /v3/marketing/contacts/{id}",
                        "POST /v3/marketing/contacts/search/emails");
        assertNoPersonalData(run.results(), accepted, again, erased);
    }

    @Test
    void aJobThatFailedIsAFailureAPersonMustLookAt() {
        contactFound();
        HttpTestSupport.Run run = HttpTestSupport.run(connector, email(), erase("contact"));
        job("failed");

        ProcessorOutcomeV1 outcome = HttpTestSupport.outcome(
                run.pending("contact"),
                connector.resume(run.pending("contact")).await().indefinitely());

        assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.failure().retryable()).isFalse();
        assertThat(outcome.failure().reason()).isEqualTo("the vendor's job ended failed");
    }

    @Test
    void aContactStillThereAfterTheJobIsNotErased() {
        contactFound();
        HttpTestSupport.Run run = HttpTestSupport.run(connector, email(), erase("contact"));
        job("completed");
        SENDGRID.stubFor(get(urlPathEqualTo("/v3/marketing/contacts/ab12-cd34"))
                .willReturn(okJson("{\"id\":\"ab12-cd34\",\"email\":\"" + EMAIL + "\"}")));

        ProcessorOutcomeV1 outcome = HttpTestSupport.outcome(
                run.pending("contact"),
                connector.resume(run.pending("contact")).await().indefinitely());

        assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.evidence().remainingMatches()).isEqualTo(1);
        assertThat(outcome.failure().reason()).isEqualTo("1 rows still match after erasure");
        assertNoPersonalData(outcome);
    }

    @Test
    void noContactIsNotFoundAndNothingIsDeleted() {
        SENDGRID.stubFor(post(urlPathEqualTo("/v3/marketing/contacts/search/emails"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\":[{\"message\":\"No contacts found\"}]}")));

        HttpTestSupport.Run run = HttpTestSupport.run(connector, email(), erase("contact"));

        assertThat(run.outcome("contact").status()).isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(operations()).containsExactly("POST /v3/marketing/contacts/search/emails");
        assertThat(run.journal().recorded).isEmpty();
    }

    @Test
    void theAddressIsKeptOnTheGlobalSuppressionList() {
        SENDGRID.stubFor(post(urlPathEqualTo("/v3/asm/suppressions/global"))
                .withRequestBody(equalToJson("{\"recipient_emails\":[\"" + EMAIL + "\"]}"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"recipient_emails\":[\"" + EMAIL + "\"]}")));
        SENDGRID.stubFor(get(urlPathEqualTo("/v3/asm/suppressions/global/" + EMAIL.replace("@", "%40")))
                .willReturn(okJson("{\"recipient_email\":\"" + EMAIL + "\"}")));

        HttpTestSupport.Run run = HttpTestSupport.run(connector, email(), retain("suppression"));

        ProcessorOutcomeV1 outcome = run.outcome("suppression");
        assertThat(outcome.status()).as("%s", outcome).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(outcome.retention().legalBasis()).contains("21(3)");
        assertThat(outcome.retention().retainUntil()).isNull();
        assertThat(operations())
                .containsExactly("GET /v3/asm/suppressions/global/{email}", "POST /v3/asm/suppressions/global");
        assertNoPersonalData(outcome);
    }

    @Test
    void aSuppressionThatDidNotTakeIsFailed() {
        SENDGRID.stubFor(post(urlPathEqualTo("/v3/asm/suppressions/global"))
                .willReturn(aResponse().withStatus(201).withBody("{\"recipient_emails\":[]}")));
        // SendGrid answers 200 {} for an address that is not suppressed
        SENDGRID.stubFor(get(urlPathEqualTo("/v3/asm/suppressions/global/" + EMAIL.replace("@", "%40")))
                .willReturn(okJson("{}")));

        ProcessorOutcomeV1 outcome =
                HttpTestSupport.run(connector, email(), retain("suppression")).outcome("suppression");

        assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.evidence().remainingMatches()).isEqualTo(1);
        assertThat(outcome.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.status())
                .containsExactly("act 201", "verify 200");
    }

    private static final String SECOND = HttpSeveralValuesTest.SECOND;

    private static void suppressed(String email, boolean taken) {
        SENDGRID.stubFor(post(urlPathEqualTo("/v3/asm/suppressions/global"))
                .withRequestBody(equalToJson("{\"recipient_emails\":[\"" + email + "\"]}"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"recipient_emails\":[\"" + email + "\"]}")));
        SENDGRID.stubFor(get(urlPathEqualTo("/v3/asm/suppressions/global/" + email.replace("@", "%40")))
                .willReturn(okJson(taken ? "{\"recipient_email\":\"" + email + "\"}" : "{}")));
    }

    @Test
    void bothAddressesAreSuppressedEachByItsOwnRequestAndReadBack() {
        suppressed(EMAIL, true);
        suppressed(SECOND, true);

        HttpTestSupport.Run run =
                HttpTestSupport.run(connector, HttpSeveralValuesTest.twoEmails(), retain("suppression"));
        ProcessorOutcomeV1 outcome = run.outcome("suppression");

        assertThat(outcome.status()).as("%s", outcome).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(outcome.evidence().rowsAffected()).isEqualTo(2);
        assertThat(outcome.evidence().remainingMatches()).isZero();
        // one address per body, as the template writes it: never an array built of both
        for (String email : List.of(EMAIL, SECOND)) {
            SENDGRID.verify(
                    1,
                    com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                                    urlPathEqualTo("/v3/asm/suppressions/global"))
                            .withRequestBody(equalToJson("{\"recipient_emails\":[\"" + email + "\"]}")));
            SENDGRID.verify(
                    1,
                    com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                            urlPathEqualTo("/v3/asm/suppressions/global/" + email.replace("@", "%40"))));
        }
        assertThat(outcome.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.status() + " " + e.request())
                .containsExactly(
                        "act 201 POST /v3/asm/suppressions/global",
                        "act 201 POST /v3/asm/suppressions/global",
                        "verify 200 GET /v3/asm/suppressions/global/{EMAIL}",
                        "verify 200 GET /v3/asm/suppressions/global/{EMAIL}");
        assertThat(Json.write(outcome)).doesNotContain(SECOND);
        assertNoPersonalData(run.results(), outcome);
    }

    @Test
    void aSecondAddressThatWasNotSuppressedIsFailed() {
        suppressed(EMAIL, true);
        suppressed(SECOND, false);

        ProcessorOutcomeV1 outcome = HttpTestSupport.run(
                        connector, HttpSeveralValuesTest.twoEmails(), retain("suppression"))
                .outcome("suppression");

        assertThat(outcome.status()).as("%s", outcome).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.evidence().remainingMatches()).isEqualTo(1);
    }

    @Test
    void bothAddressesContactsAreDeletedByOneJobAndEachVerifiedGone() {
        contactFound();
        SENDGRID.stubFor(post(urlPathEqualTo("/v3/marketing/contacts/search/emails"))
                .withRequestBody(equalToJson("{\"emails\":[\"" + SECOND + "\"]}"))
                .willReturn(okJson("{\"result\":{\"" + SECOND + "\":{\"contact\":{\"id\":\"ef56-gh78\",\"email\":\""
                        + SECOND + "\"}}}}")));
        SENDGRID.stubFor(delete(urlPathEqualTo("/v3/marketing/contacts"))
                .withQueryParam("ids", equalTo("ab12-cd34,ef56-gh78"))
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"job_id\":\"job-77\"}")));
        HttpTestSupport.Run run = HttpTestSupport.run(connector, HttpSeveralValuesTest.twoEmails(), erase("contact"));
        assertThat(run.outcome("contact").status()).isEqualTo(OutcomeStatus.PENDING);
        assertThat(run.journal().recorded).containsExactly("{\"contact\":2}");
        job("completed");
        SENDGRID.stubFor(get(urlPathEqualTo("/v3/marketing/contacts/ab12-cd34"))
                .willReturn(aResponse().withStatus(404)));
        SENDGRID.stubFor(get(urlPathEqualTo("/v3/marketing/contacts/ef56-gh78"))
                .willReturn(aResponse().withStatus(404)));

        PendingStep step = run.pending("contact");
        ProcessorOutcomeV1 erased =
                HttpTestSupport.outcome(step, connector.resume(step).await().indefinitely());

        assertThat(erased.status()).as("%s", erased).isEqualTo(OutcomeStatus.ERASED);
        assertThat(erased.evidence().rowsAffected()).isEqualTo(2);
        assertThat(erased.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.status() + " " + e.objectIds())
                .containsExactly(
                        "find 200 [ab12-cd34]",
                        "find 200 [ef56-gh78]",
                        "act 202 [ab12-cd34, ef56-gh78]",
                        "poll 200 null",
                        "verify 404 [ab12-cd34]",
                        "verify 404 [ef56-gh78]");
        assertThat(Json.write(erased)).doesNotContain(SECOND);
        assertNoPersonalData(run.results(), erased, step);
    }

    /** The check itself: requests that do not fit the description are named, each for what does not fit. */
    @Test
    void theCheckNamesWhatDoesNotFitTheDescription() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = SENDGRID.baseUrl();
        for (java.net.http.HttpRequest request : List.of(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v3/marketing/contacts?id=c1"))
                        .header("Authorization", "Bearer t")
                        .DELETE()
                        .build(),
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v3/marketing/contacts/search/emails"))
                        .header("Authorization", "Bearer t")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"email\":\"x\"}"))
                        .build(),
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v3/marketing/contacts/c1"))
                        .GET()
                        .build(),
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v3/marketing/nothing"))
                        .GET()
                        .build())) {
            http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
        }

        List<String> problems = new java.util.ArrayList<>();
        SENDGRID.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()))
                .forEach(r -> problems.addAll(SPEC.problems(r)));
        SENDGRID.resetRequests(); // not the connector's: the check after each test is for the connector's requests

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "DELETE /v3/marketing/contacts?id=c1: query parameter id not in the description",
                        "POST /v3/marketing/contacts/search/emails: required body property emails missing",
                        "POST /v3/marketing/contacts/search/emails: body property email not in the description",
                        "GET /v3/marketing/contacts/c1: the description asks for a bearer token",
                        "GET /v3/marketing/nothing: no such operation in the description");
    }
}
