package org.dsr.orchestrator.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import jakarta.inject.Inject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator pages on a real broker and database: filters, the request page, confirmed and audited actions. */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_test"))
@RealInfrastructureTest
class UiOperatorPagesTest {

    @org.junit.jupiter.api.BeforeEach
    void topics() {
        UiTestClient.createTopics();
    }

    @Inject
    SubjectKeys keys;

    @BeforeEach
    void noDefaultToken() {
        RestAssured.requestSpecification = null;
    }

    private static void awaitStatus(RequestSubmittedV1 request, String status) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() ->
                        assertThat(UiTestClient.status(request.requestId())).isEqualTo(status));
    }

    @Test
    void theListFiltersByJurisdictionReceiptStatusAndProcessor() {
        RequestSubmittedV1 danish =
                UiTestClient.submit(keys, RequestType.ERASURE, Jurisdiction.DK, Instant.parse("2025-03-10T09:00:00Z"));
        RequestSubmittedV1 swedish = UiTestClient.submit(keys, RequestType.ERASURE, Jurisdiction.SE, Instant.now());
        awaitStatus(danish, "IN_PROGRESS");
        awaitStatus(swedish, "IN_PROGRESS");
        String dk = danish.requestId().toString();
        String se = swedish.requestId().toString();

        String page = UiTestClient.operator()
                .get("/ui/sagas?jurisdiction=DK")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page).contains(dk).doesNotContain(se).contains("id=\"count-IN_PROGRESS\"");
        assertThat(UiTestClient.operator()
                        .get("/ui/sagas?from=2025-03-10&to=2025-03-10")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains(dk)
                .doesNotContain(se);
        assertThat(UiTestClient.operator()
                        .get("/ui/sagas?from=2025-03-11")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContain(dk)
                .contains(se);
        // received a year and more ago and still open: overdue
        assertThat(UiTestClient.operator()
                        .get("/ui/sagas?overdue=true")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains(dk)
                .doesNotContain(se);
        assertThat(UiTestClient.operator()
                        .get("/ui/deadlines")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains(dk)
                .contains("Due within 7 days");

        // every processor but payments answers: only payments has an open step
        for (String processor : new String[] {"hosting", "email-delivery", "analytics"}) {
            UiTestClient.answerAll(UiTestClient.command(processor, swedish.requestId()));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(UiTestClient.operator()
                            .get("/ui/sagas/live?processor=hosting")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString())
                    .doesNotContain(se);
            assertThat(UiTestClient.operator()
                            .get("/ui/sagas/live?processor=payments")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString())
                    .contains(se);
        });
        assertThat(UiTestClient.operator()
                        .get("/ui/sagas?status=COMPLETED")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContain(se)
                .doesNotContain(dk);
        // an unknown filter value is reported, not echoed
        UiTestClient.operator()
                .get("/ui/sagas?status=<b>bogus</b>&from=yesterday")
                .then()
                .statusCode(200)
                .body(containsString("Unknown status"))
                .body(not(containsString("<b>bogus")));
    }

    @Test
    void theRequestPageShowsStepsEvidenceAndEveryTransitionAndNoPersonalData() {
        RequestSubmittedV1 request = UiTestClient.submit(keys);
        ProcessorCommandV1 hosting = UiTestClient.command("hosting", request.requestId());
        UiTestClient.answerAll(hosting);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(UiTestClient.operator()
                                .get("/ui/sagas/" + request.requestId())
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString())
                        .contains("id=\"step-hosting\"")
                        .contains("every category answered")
                        .contains("access-logs")
                        .contains("rows matching the subject"));
        String page = UiTestClient.operator()
                .get("/ui/sagas/" + request.requestId())
                .then()
                .extract()
                .asString();
        assertThat(page)
                .contains("request received")
                .contains("first dispatch")
                .contains("payments")
                .doesNotContain(UiTestClient.EMAIL)
                .doesNotContain(request.subject().pseudonym());
        UiTestClient.operator().get("/ui/sagas/not-a-uuid").then().statusCode(404);
        UiTestClient.operator()
                .get("/ui/sagas/" + java.util.UUID.randomUUID())
                .then()
                .statusCode(404);
    }

    @Test
    void anActionIsConfirmedThenDoneThroughTheOperatorServiceAndAudited() {
        RequestSubmittedV1 request = UiTestClient.submit(keys);
        ProcessorCommandV1 hosting = UiTestClient.command("hosting", request.requestId());
        UiTestClient.failAll(hosting, "account store rejected the delete");
        awaitStatus(request, "NEEDS_ATTENTION");
        String base = "/ui/sagas/" + request.requestId();

        UiTestClient.operator()
                .get(base + "/confirm/retry?processor=hosting")
                .then()
                .statusCode(200)
                .body(containsString("Retry step: hosting?"))
                .body(containsString("name=\"reason\""));
        // no reason: nothing happens, the form says why
        UiTestClient.operator()
                .contentType(ContentType.URLENC)
                .formParam("processor", "hosting")
                .formParam("reason", " ")
                .post(base + "/actions/retry")
                .then()
                .statusCode(200)
                .header("Dsr-Action-Status", "400")
                .body(containsString("needs a reason"));
        UiTestClient.operator()
                .contentType(ContentType.URLENC)
                .formParam("processor", "hosting")
                .formParam("reason", "store back up, INC-77")
                .post(base + "/actions/retry")
                .then()
                .statusCode(200)
                .header("HX-Trigger", "action-done")
                .body(containsString("recorded as ui-operator"));

        assertThat(UiTestClient.commands("hosting", request.requestId(), 2)).hasSize(2);
        var view = given().auth()
                .oauth2(TestTokens.token("ui-test", Roles.OPERATOR))
                .get("/api/v1/sagas/" + request.requestId())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(view.getList("operatorActions.action")).contains("RETRY_STEP");
        assertThat(view.getList("operatorActions.actor")).contains("ui-operator");
        assertThat(view.getList("operatorActions.reason")).contains("store back up, INC-77");
        UiTestClient.operator()
                .get(base)
                .then()
                .statusCode(200)
                .body(containsString("Retry step"))
                .body(containsString("store back up, INC-77"));

        // extend, then a second extension is refused with the reason shown in the form
        UiTestClient.operator()
                .contentType(ContentType.URLENC)
                .formParam("months", "2")
                .formParam("reason", "backups at a sub-processor")
                .post(base + "/actions/extend")
                .then()
                .statusCode(200)
                .body(containsString("Extend deadline: done"));
        UiTestClient.operator()
                .contentType(ContentType.URLENC)
                .formParam("months", "1")
                .formParam("reason", "again")
                .post(base + "/actions/extend")
                .then()
                .statusCode(200)
                .header("Dsr-Action-Status", "409")
                .body(containsString("extended already"));
        UiTestClient.operator()
                .contentType(ContentType.URLENC)
                .formParam("reason", "duplicate request")
                .post(base + "/actions/cancel")
                .then()
                .statusCode(200);
        awaitStatus(request, "CANCELLED");
        UiTestClient.operator()
                .get(base)
                .then()
                .body(containsString("<strong>Cancel</strong> by ui-operator"))
                .body(containsString("duplicate request"))
                .body(not(containsString("id=\"retry-hosting\"")));
    }
}
