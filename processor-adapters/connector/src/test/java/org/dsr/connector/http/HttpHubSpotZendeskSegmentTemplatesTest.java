package org.dsr.connector.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
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
import static org.dsr.connector.http.HttpTestSupport.USER_ID;
import static org.dsr.connector.http.HttpTestSupport.assertNoPersonalData;
import static org.dsr.connector.http.HttpTestSupport.email;
import static org.dsr.connector.http.HttpTestSupport.erase;

import java.util.Base64;
import java.util.List;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.dsr.connector.kind.PendingStep;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hubspot, zendesk and segment templates against stand-ins answering as each vendor's API reference documents
 * (no OpenAPI description of theirs is carried here: checked against documentation only).
 */
class HttpHubSpotZendeskSegmentTemplatesTest {

    @RegisterExtension
    static final WireMockExtension VENDOR =
            WireMockExtension.newInstance().options(options().dynamicPort()).build();

    @Test
    void hubspotContactIsGdprDeletedAndReadByIdAfterwards() {
        ProcessorConnector hubspot =
                HttpTestSupport.connector("hubspot", HttpTestSupport.settings("hubspot", VENDOR.baseUrl()));
        VENDOR.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                .withRequestBody(equalToJson("{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\","
                        + "\"operator\":\"EQ\",\"value\":\"" + EMAIL + "\"}]}],\"properties\":[\"hs_object_id\"],"
                        + "\"limit\":100}"))
                .willReturn(okJson("{\"total\":1,\"results\":[{\"id\":\"512\",\"properties\":{\"email\":\"" + EMAIL
                        + "\",\"hs_object_id\":\"512\"},\"archived\":false}]}")));
        VENDOR.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/gdpr-delete"))
                .withRequestBody(equalToJson("{\"objectId\":\"512\"}"))
                .willReturn(aResponse().withStatus(204)));
        VENDOR.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts/512"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withBody("{\"status\":\"error\",\"category\":\"OBJECT_NOT_FOUND\"}")));

        HttpTestSupport.Run run = HttpTestSupport.run(hubspot, email(), erase("contact"));

        ProcessorOutcomeV1 outcome = run.outcome("contact");
        assertThat(outcome.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(outcome.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.status() + " " + e.objectIds())
                .containsExactly("find 200 [512]", "act 204 [512]", "verify 404 [512]");
        assertNoPersonalData(outcome);
    }

    @Test
    void zendeskUserIsDeletedThenPermanentlyDeletedAcrossSearchPages() {
        ProcessorConnector zendesk = HttpTestSupport.connector(
                "zendesk",
                "template: zendesk\nbase-url: "
                        + VENDOR.baseUrl() + "\nauth: {type: basic, username: agent@company.test/token, "
                        + "password: {env: VENDOR_PASSWORD}}\n");
        String next = VENDOR.baseUrl() + "/api/v2/users/search.json?page=2&query=email%3Ajane";
        VENDOR.stubFor(get(urlPathEqualTo("/api/v2/users/search"))
                .withQueryParam("query", equalTo("email:" + EMAIL))
                .willReturn(okJson("{\"users\":[{\"id\":9001,\"email\":\"" + EMAIL + "\"}],\"next_page\":\"" + next
                        + "\",\"count\":2}")));
        VENDOR.stubFor(get(urlPathEqualTo("/api/v2/users/search.json"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(okJson("{\"users\":[{\"id\":9002}],\"next_page\":null,\"count\":2}")));
        for (String id : List.of("9001", "9002")) {
            VENDOR.stubFor(delete(urlPathEqualTo("/api/v2/users/" + id))
                    .willReturn(okJson("{\"user\":{\"id\":" + id + ",\"active\":false}}")));
            VENDOR.stubFor(delete(urlPathEqualTo("/api/v2/deleted_users/" + id))
                    .willReturn(okJson("{\"deleted_user\":{\"id\":" + id + "}}")));
            VENDOR.stubFor(get(urlPathEqualTo("/api/v2/deleted_users/" + id))
                    .willReturn(aResponse().withStatus(404).withBody("{\"error\":\"RecordNotFound\"}")));
        }

        ProcessorOutcomeV1 outcome =
                HttpTestSupport.run(zendesk, email(), erase("user")).outcome("user");

        assertThat(outcome.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(outcome.evidence().rowsAffected()).isEqualTo(2);
        assertThat(VENDOR.findAll(anyRequestedFor(anyUrl())))
                .hasSize(2 + 2 * 3)
                .allSatisfy(r -> assertThat(r.getHeader("Authorization"))
                        .isEqualTo("Basic "
                                + Base64.getEncoder().encodeToString("agent@company.test/token:pw-test".getBytes())));
        assertNoPersonalData(outcome);
    }

    @Test
    void segmentRegulationIsPolledUntilFinished() {
        ProcessorConnector segment =
                HttpTestSupport.connector("segment", HttpTestSupport.settings("segment", VENDOR.baseUrl()));
        VENDOR.stubFor(post(urlPathEqualTo("/regulations"))
                .withRequestBody(equalToJson("{\"regulationType\":\"SUPPRESS_WITH_DELETE\",\"subjectType\":"
                        + "\"USER_ID\",\"subjectIds\":[\"" + USER_ID + "\"]}"))
                .willReturn(okJson("{\"data\":{\"regulateId\":\"reg-1\"}}")));
        VENDOR.stubFor(get(urlPathEqualTo("/regulations/reg-1"))
                .inScenario("reg")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("ran")
                .willReturn(okJson("{\"data\":{\"regulation\":{\"id\":\"reg-1\",\"overallStatus\":\"RUNNING\"}}}")));
        VENDOR.stubFor(get(urlPathEqualTo("/regulations/reg-1"))
                .inScenario("reg")
                .whenScenarioStateIs("ran")
                .willReturn(okJson("{\"data\":{\"regulation\":{\"id\":\"reg-1\",\"overallStatus\":\"FINISHED\"}}}")));

        HttpTestSupport.Run run =
                HttpTestSupport.run(segment, List.of(new Identifier(IdentifierType.USER_ID, USER_ID)), erase("events"));
        assertThat(run.outcome("events").status()).isEqualTo(OutcomeStatus.PENDING);
        PendingStep step = run.pending("events");
        assertThat(step.resumeState()).contains("reg-1");

        assertThat(HttpTestSupport.outcome(step, segment.resume(step).await().indefinitely())
                        .status())
                .isEqualTo(OutcomeStatus.PENDING);
        ProcessorOutcomeV1 done =
                HttpTestSupport.outcome(step, segment.resume(step).await().indefinitely());

        assertThat(done.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(done.evidence().verification())
                .contains("job ended FINISHED")
                .contains("no read to verify");
        assertNoPersonalData(run.results(), done, step);
    }

    @Test
    void segmentWithTwoUserIdsRunsOneRegulationPerIdAndWaitsForBoth() {
        ProcessorConnector segment =
                HttpTestSupport.connector("segment", HttpTestSupport.settings("segment", VENDOR.baseUrl()));
        String second = "user-0815";
        for (String[] user : List.of(new String[] {USER_ID, "reg-1"}, new String[] {second, "reg-2"})) {
            VENDOR.stubFor(post(urlPathEqualTo("/regulations"))
                    .withRequestBody(equalToJson("{\"regulationType\":\"SUPPRESS_WITH_DELETE\",\"subjectType\":"
                            + "\"USER_ID\",\"subjectIds\":[\"" + user[0] + "\"]}"))
                    .willReturn(okJson("{\"data\":{\"regulateId\":\"" + user[1] + "\"}}")));
        }
        VENDOR.stubFor(get(urlPathEqualTo("/regulations/reg-1"))
                .willReturn(okJson("{\"data\":{\"regulation\":{\"id\":\"reg-1\",\"overallStatus\":\"FINISHED\"}}}")));
        VENDOR.stubFor(get(urlPathEqualTo("/regulations/reg-2"))
                .inScenario("reg")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("ran")
                .willReturn(okJson("{\"data\":{\"regulation\":{\"id\":\"reg-2\",\"overallStatus\":\"RUNNING\"}}}")));
        VENDOR.stubFor(get(urlPathEqualTo("/regulations/reg-2"))
                .inScenario("reg")
                .whenScenarioStateIs("ran")
                .willReturn(okJson("{\"data\":{\"regulation\":{\"id\":\"reg-2\",\"overallStatus\":\"FINISHED\"}}}")));

        HttpTestSupport.Run run = HttpTestSupport.run(
                segment,
                List.of(
                        new Identifier(IdentifierType.USER_ID, USER_ID),
                        new Identifier(IdentifierType.USER_ID, second)),
                erase("events"));
        assertThat(run.outcome("events").status()).isEqualTo(OutcomeStatus.PENDING);
        PendingStep step = run.pending("events");
        assertThat(step.resumeState()).contains("reg-1").contains("reg-2");

        // the first regulation is done, the second is not: still PENDING
        assertThat(HttpTestSupport.outcome(step, segment.resume(step).await().indefinitely())
                        .status())
                .isEqualTo(OutcomeStatus.PENDING);
        ProcessorOutcomeV1 done =
                HttpTestSupport.outcome(step, segment.resume(step).await().indefinitely());

        assertThat(done.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(done.evidence().rowsAffected()).isEqualTo(2);
        assertThat(done.evidence().verification()).contains("2 jobs ended FINISHED");
        assertThat(done.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.status())
                .containsExactly("act 200", "act 200", "poll 200", "poll 200");
        assertNoPersonalData(run.results(), done, step);
        assertThat(Json.write(List.of(run.results(), done, step))).doesNotContain(second);
    }

    @Test
    void segmentWithoutAUserIdIsAPermanentFailureThatNamesTheMissingType() {
        ProcessorConnector segment =
                HttpTestSupport.connector("segment", HttpTestSupport.settings("segment", VENDOR.baseUrl()));

        ProcessorOutcomeV1 outcome = HttpTestSupport.run(
                        segment, email(), new CategoryCommand("tracking", Action.RESTRICT))
                .outcome("tracking");

        assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.failure().retryable()).isFalse();
        assertThat(outcome.failure().reason()).contains("no USER_ID identifier");
        assertThat(VENDOR.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
