package org.dsr.orchestrator.console.tasks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.specification.RequestSpecification;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.console.UiTestClient;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's Tasks page against the connector's task API played by WireMock (its behaviour is tested in the
 * connector, ManualTaskTest): the list with the request's own deadline from the orchestrator's database, the
 * completion behind the confirm step sent with the operator's own token, the connector's refusals shown, and the
 * compliance role refused.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_tasks_test"))
@QuarkusTestResource(value = TaskPagesTest.FakeConnector.class, restrictToAnnotatedClass = true)
@RealInfrastructureTest
class TaskPagesTest {

    /** The connector's /api/v1/tasks on a local port. */
    public static class FakeConnector implements QuarkusTestResourceLifecycleManager {
        static WireMockServer server;

        @Override
        public Map<String, String> start() {
            server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            return Map.of("quarkus.rest-client.connector.url", server.baseUrl());
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop();
            }
        }
    }

    static final String OPERATOR = TestTokens.token("olivia-operator", Roles.OPERATOR);

    @Inject
    SubjectKeys keys;

    @BeforeEach
    void reset() {
        RestAssured.requestSpecification = null;
        UiTestClient.createTopics();
        FakeConnector.server.resetAll();
    }

    private static RequestSpecification operator() {
        return given().redirects()
                .follow(false)
                .cookie(UiTestClient.COOKIE, OPERATOR)
                .header("Origin", UiTestClient.origin());
    }

    private static String task(UUID id, UUID requestId) {
        return """
                {"id": "%s", "processor": "vendor-x", "commandId": "%s", "requestId": "%s",
                 "requestType": "ERASURE", "jurisdiction": "SE", "identifierTypes": ["EMAIL"],
                 "categories": [{"category": "newsletter", "action": "ERASE", "handles": [], "stepId": "%s"},
                                {"category": "invoices", "action": "RETAIN", "handles": [], "stepId": "%s"}],
                 "vendor": "Vendor X Ltd", "contact": "the privacy desk portal",
                 "instructions": "Ask Vendor X Ltd to act on request %s by 2031-01-01",
                 "respondBy": "2020-01-08T10:00:00Z", "status": "OPEN", "reminders": 2,
                 "remindedAt": "2020-01-10T10:00:00Z", "createdAt": "2020-01-01T10:00:00Z"}
                """.formatted(id, UUID.randomUUID(), requestId, UUID.randomUUID(), UUID.randomUUID(), requestId);
    }

    @Test
    void theListShowsOpenTasksWithTheRequestsOwnDeadline() {
        RequestSubmittedV1 request = UiTestClient.submit(keys, RequestType.ERASURE, Jurisdiction.SE, Instant.now());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !UiTestClient.status(request.requestId()).equals("none"));
        Instant due = Instant.parse(given().auth()
                .oauth2(OPERATOR)
                .get("/api/v1/sagas/" + request.requestId())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("saga.deadline.dueAt"));
        UUID id = UUID.randomUUID();
        UUID orphan = UUID.randomUUID();
        FakeConnector.server.stubFor(get(urlEqualTo("/api/v1/tasks"))
                .willReturn(okJson("[" + task(id, request.requestId()) + "," + task(UUID.randomUUID(), orphan) + "]")));

        String page =
                operator().get("/ui/tasks").then().statusCode(200).extract().asString();

        String row = page.substring(page.indexOf("id=\"task-" + id + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row)
                .contains("Vendor X Ltd")
                .contains(request.requestId().toString())
                .contains("newsletter: ERASE")
                .contains("invoices: RETAIN")
                .contains("2020-01-08")
                .contains("Overdue")
                .contains(due.atZone(ZoneOffset.UTC).toLocalDate().toString())
                .doesNotContain("no saga");
        assertThat(page.substring(page.indexOf(orphan.toString()))).contains("no saga");
        assertThat(page).contains("href=\"/ui/tasks\" aria-current=\"page\"").doesNotContain(UiTestClient.EMAIL);
        // the connector is asked with the operator's own token: it checks the role and names the operator itself
        FakeConnector.server.verify(getRequestedFor(urlEqualTo("/api/v1/tasks"))
                .withHeader("Authorization", equalTo("Bearer " + OPERATOR)));
    }

    @Test
    void aConnectorThatCannotBeReachedIsSaidSo() {
        FakeConnector.server.stubFor(
                get(urlEqualTo("/api/v1/tasks")).willReturn(aResponse().withStatus(503)));
        operator()
                .get("/ui/tasks")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("tasks cannot be read right now (it answered 503)."));
    }

    @Test
    void aCompletionIsConfirmedAndSentWithTheOperatorsTokenAndReason() {
        UUID id = UUID.randomUUID();
        UUID requestId = UUID.randomUUID();
        FakeConnector.server.stubFor(get(urlEqualTo("/api/v1/tasks/" + id)).willReturn(okJson(task(id, requestId))));
        FakeConnector.server.stubFor(post(urlEqualTo("/api/v1/tasks/" + id + "/completion"))
                .willReturn(okJson("{\"task\": " + task(id, requestId)
                        + ", \"outcomes\": {\"newsletter\": \"ERASED\", \"invoices\":"
                        + " \"RETAINED\"}, \"alreadyFinal\": []}")));

        assertThat(operator()
                        .get("/ui/tasks/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("Ask Vendor X Ltd to act on request " + requestId)
                .contains("the privacy desk portal")
                .contains("the subject's EMAIL")
                .contains("hx-get=\"/ui/tasks/" + id + "/confirm\"");
        assertThat(operator()
                        .get("/ui/tasks/" + id + "/confirm")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("name=\"status.newsletter\"")
                .contains("<option value=\"ERASED\">")
                .contains("name=\"legalBasis.invoices\"")
                .doesNotContain("name=\"legalBasis.newsletter\"")
                .contains("name=\"reason\" required");

        byte[] letter = "%PDF-1.7 the vendor's letter".getBytes(StandardCharsets.ISO_8859_1);
        String done = operator()
                .multiPart("status.newsletter", "ERASED")
                .multiPart("status.invoices", "RETAINED")
                .multiPart(new MultiPartSpecBuilder("Bokföringslagen 7 kap. 2 §")
                        .controlName("legalBasis.invoices")
                        .mimeType("text/plain")
                        .charset(StandardCharsets.UTF_8)
                        .build())
                .multiPart("retainUntil.invoices", "2032-12-31")
                .multiPart("confirmationText", "Deleted, VX")
                .multiPart("confirmationFile", "letter.pdf", letter, "application/pdf")
                .multiPart("vendorReference", "VX-1")
                .multiPart("reason", "vendor answered by mail")
                .post("/ui/tasks/" + id + "/complete")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(done).contains("Task completed: 2 categories answered, recorded as olivia-operator.");
        FakeConnector.server.verify(postRequestedFor(urlEqualTo("/api/v1/tasks/" + id + "/completion"))
                .withHeader("Authorization", equalTo("Bearer " + OPERATOR))
                .withRequestBody(equalToJson("""
                        {"confirmationText": "Deleted, VX", "confirmationFile": "%s", "vendorReference": "VX-1",
                         "note": "vendor answered by mail",
                         "outcomes": {"newsletter": {"status": "ERASED"},
                                      "invoices": {"status": "RETAINED", "legalBasis": "Bokföringslagen 7 kap. 2 §",
                                                   "retainUntil": "2032-12-31"}}}
                        """.formatted(Base64.getEncoder().encodeToString(letter)))));
    }

    @Test
    void theConnectorsRefusalsComeBackInTheFormAndNoReasonSendsNothing() {
        UUID id = UUID.randomUUID();
        FakeConnector.server.stubFor(
                get(urlEqualTo("/api/v1/tasks/" + id)).willReturn(okJson(task(id, UUID.randomUUID()))));
        String path = "/api/v1/tasks/" + id + "/completion";

        operator()
                .multiPart("status.newsletter", "ERASED")
                .multiPart("confirmationText", "ok")
                .post("/ui/tasks/" + id + "/complete")
                .then()
                .statusCode(200)
                .header("Dsr-Action-Status", "400")
                .body(org.hamcrest.Matchers.containsString("reason: required"));
        FakeConnector.server.verify(0, postRequestedFor(urlEqualTo(path)));

        FakeConnector.server.stubFor(post(urlEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("""
                        {"type": "https://dsr.example.org/problems/invalid-request", "status": 400,
                         "errors": [{"field": "outcomes.invoices.status",
                                     "message": "required: one of [RETAINED, NOT_FOUND, FAILED]"}]}""")));
        String form = operator()
                .multiPart("status.newsletter", "ERASED")
                .multiPart("confirmationText", "ok")
                .multiPart("reason", "answered")
                .post("/ui/tasks/" + id + "/complete")
                .then()
                .statusCode(200)
                .header("Dsr-Action-Status", "400")
                .extract()
                .asString();
        assertThat(form)
                .contains("outcomes.invoices.status: required: one of")
                .contains("<option value=\"ERASED\"" + " selected>")
                .contains(">answered</textarea>");

        FakeConnector.server.stubFor(post(urlEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(409)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\": 409, \"detail\": \"The task was completed by someone-else\"}")));
        operator()
                .multiPart("status.newsletter", "ERASED")
                .multiPart("status.invoices", "NOT_FOUND")
                .multiPart("confirmationText", "ok")
                .multiPart("reason", "answered")
                .post("/ui/tasks/" + id + "/complete")
                .then()
                .statusCode(200)
                .header("Dsr-Action-Status", "409")
                .body(org.hamcrest.Matchers.containsString("The task was completed by someone-else"));
    }

    @Test
    void aTaskTheConnectorDoesNotKnowIsNotFound() {
        UUID id = UUID.randomUUID();
        FakeConnector.server.stubFor(
                get(urlEqualTo("/api/v1/tasks/" + id)).willReturn(aResponse().withStatus(404)));
        operator().get("/ui/tasks/" + id).then().statusCode(404);
        operator().get("/ui/tasks/not-a-task").then().statusCode(404);
        operator()
                .multiPart("reason", "x")
                .post("/ui/tasks/" + id + "/complete")
                .then()
                .statusCode(404);
        FakeConnector.server.verify(0, postRequestedFor(urlEqualTo("/api/v1/tasks/" + id + "/completion")));
    }

    @Test
    void complianceMayNeitherSeeNorCompleteTasks() {
        UUID id = UUID.randomUUID();
        UiTestClient.compliance().get("/ui/tasks").then().statusCode(403);
        UiTestClient.compliance().get("/ui/tasks/" + id + "/confirm").then().statusCode(403);
        UiTestClient.compliance()
                .multiPart("status.newsletter", "ERASED")
                .multiPart("reason", "x")
                .post("/ui/tasks/" + id + "/complete")
                .then()
                .statusCode(403);
        assertThat(FakeConnector.server.getAllServeEvents()).isEmpty();
        // not signed in: sent to sign in
        given().redirects().follow(false).get("/ui/tasks").then().statusCode(303);
    }
}
