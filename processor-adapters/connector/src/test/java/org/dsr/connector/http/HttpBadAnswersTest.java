package org.dsr.connector.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.dsr.connector.http.HttpStripeTemplateTest.list;
import static org.dsr.connector.http.HttpStripeTemplateTest.object;
import static org.dsr.connector.http.HttpTestSupport.EMAIL;
import static org.dsr.connector.http.HttpTestSupport.assertNoPersonalData;
import static org.dsr.connector.http.HttpTestSupport.email;
import static org.dsr.connector.http.HttpTestSupport.erase;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a vendor answers when things go wrong, and what the outcome says then (stripe's customer category). */
class HttpBadAnswersTest {

    private static final String FIND = "/v1/customers";

    @RegisterExtension
    static final WireMockExtension STRIPE =
            WireMockExtension.newInstance().options(options().dynamicPort()).build();

    private ProcessorConnector connector;

    @BeforeEach
    void connect() {
        connector = HttpTestSupport.connector("stripe", HttpTestSupport.settings("stripe", STRIPE.baseUrl()));
    }

    private ProcessorOutcomeV1 eraseCustomer() {
        HttpTestSupport.Run run = HttpTestSupport.run(connector, email(), erase("customer"));
        ProcessorOutcomeV1 outcome = run.outcome("customer");
        assertNoPersonalData(run.results(), outcome);
        return outcome;
    }

    private static void assertFailed(ProcessorOutcomeV1 outcome, boolean retryable, String reason) {
        assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.failure().retryable()).isEqualTo(retryable);
        assertThat(outcome.failure().reason()).isEqualTo(reason);
    }

    private static void customerDeletedAndGone() {
        STRIPE.stubFor(delete(urlPathEqualTo("/v1/customers/cus_1"))
                .willReturn(okJson(object("deleted_customer", "cus_1").toString())));
        STRIPE.stubFor(get(urlPathEqualTo("/v1/customers/cus_1"))
                .willReturn(okJson(object("deleted_customer", "cus_1").toString())));
    }

    private static int sent() {
        return STRIPE.findAll(anyRequestedFor(anyUrl())).size();
    }

    @Test
    void serverErrorsAreRetriedThenARetryableFailureWithWhatWasAnswered() {
        STRIPE.stubFor(get(urlPathEqualTo(FIND))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"type\":\"api_error\"}}")));

        ProcessorOutcomeV1 outcome = eraseCustomer();

        assertFailed(
                outcome,
                true,
                "the vendor answered 500 to find (GET /v1/customers?email={EMAIL}&limit=100) 3 times in a row");
        assertThat(outcome.evidence().exchanges()).extracting(e -> e.status()).containsExactly(500, 500, 500);
        assertThat(sent()).isEqualTo(3);
    }

    @Test
    void aServerErrorThatPassesIsRetriedAndTheWorkDone() {
        STRIPE.stubFor(get(urlPathEqualTo(FIND))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("up")
                .willReturn(aResponse().withStatus(503)));
        STRIPE.stubFor(get(urlPathEqualTo(FIND))
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(okJson(list(false, object("customer", "cus_1")))));
        customerDeletedAndGone();

        ProcessorOutcomeV1 outcome = eraseCustomer();

        assertThat(outcome.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(outcome.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.status())
                .containsExactly("find 503", "find 200", "act 200", "verify 200");
    }

    @Test
    void tooManyRequestsWaitsAsRetryAfterSaysThenGoesOn() {
        STRIPE.stubFor(get(urlPathEqualTo(FIND))
                .inScenario("limited")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("free")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        STRIPE.stubFor(get(urlPathEqualTo(FIND))
                .inScenario("limited")
                .whenScenarioStateIs("free")
                .willReturn(okJson(list(false, object("customer", "cus_1")))));
        customerDeletedAndGone();

        long started = System.nanoTime();
        ProcessorOutcomeV1 outcome = eraseCustomer();

        assertThat(outcome.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1000);
        assertThat(outcome.evidence().exchanges().get(0).status()).isEqualTo(429);
    }

    @Test
    void aRetryAfterLongerThanTheBoundIsARetryableFailureNotAWait() {
        STRIPE.stubFor(
                get(urlPathEqualTo(FIND)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

        long started = System.nanoTime();
        ProcessorOutcomeV1 outcome = eraseCustomer();

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5000);
        assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.failure().retryable()).isTrue();
        assertThat(outcome.failure().reason()).contains("asks to wait 3600 s, more than 60 s");
        assertThat(sent()).isEqualTo(1);
    }

    @Test
    void malformedJsonIsAPermanentFailure() {
        STRIPE.stubFor(get(urlPathEqualTo(FIND))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"object\":\"list\",\"data\":[{\"id\":")));

        ProcessorOutcomeV1 outcome = eraseCustomer();

        assertThat(outcome.evidence().exchanges()).as("%s", outcome).hasSize(1);
        assertFailed(
                outcome,
                false,
                "the vendor answered malformed JSON to find "
                        + "(GET /v1/customers?email={EMAIL}&limit=100), status 200");
        assertThat(sent()).isEqualTo(1);
    }

    @Test
    void aDeleteAnswered200ThatDidNotDeleteIsFailedNeverErased() {
        STRIPE.stubFor(get(urlPathEqualTo(FIND)).willReturn(okJson(list(false, object("customer", "cus_1")))));
        STRIPE.stubFor(delete(urlPathEqualTo("/v1/customers/cus_1"))
                .willReturn(okJson(object("deleted_customer", "cus_1").toString())));
        // ...but the customer is still there when read again
        STRIPE.stubFor(get(urlPathEqualTo("/v1/customers/cus_1"))
                .willReturn(
                        okJson(object("customer", "cus_1").put("email", EMAIL).toString())));

        ProcessorOutcomeV1 outcome = eraseCustomer();

        assertFailed(outcome, false, "1 rows still match after erasure");
        assertThat(outcome.evidence().remainingMatches()).isEqualTo(1);
        assertThat(outcome.evidence().verification()).endsWith("verify (GET /v1/customers/{id}) found 1 left");
    }

    @Test
    void refusedCredentialsArePermanentAndNotRetried() {
        STRIPE.stubFor(get(urlPathEqualTo(FIND))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody("{\"error\":{\"message\":\"Invalid API Key provided\"}}")));

        ProcessorOutcomeV1 outcome = eraseCustomer();

        assertFailed(
                outcome,
                false,
                "the vendor refused the credentials (401) on find " + "(GET /v1/customers?email={EMAIL}&limit=100)");
        assertThat(sent()).isEqualTo(1);
    }

    @Test
    void aRefusalOfTheActionIsPermanentAndQuotesNoData() {
        STRIPE.stubFor(get(urlPathEqualTo(FIND)).willReturn(okJson(list(false, object("customer", "cus_1")))));
        STRIPE.stubFor(delete(urlPathEqualTo("/v1/customers/cus_1"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withBody("{\"error\":{\"message\":\"No such customer: " + EMAIL + "\"}}")));

        ProcessorOutcomeV1 outcome = eraseCustomer();

        assertFailed(outcome, false, "the vendor answered 400 to act (DELETE /v1/customers/{id})");
    }

    @Test
    void aVendorThatDoesNotAnswerInTimeIsRetryable() {
        STRIPE.stubFor(get(urlPathEqualTo(FIND)).willReturn(okJson(list(false)).withFixedDelay(2000)));
        connector = HttpTestSupport.connector(
                "stripe", HttpTestSupport.settings("stripe", STRIPE.baseUrl()) + "timeout: 0.3s\n");

        ProcessorOutcomeV1 outcome = eraseCustomer();

        assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.failure().retryable()).isTrue();
        assertThat(outcome.failure().reason())
                .startsWith("the vendor did not answer find")
                .contains("3 attempts");
    }

    @Test
    void aRedirectIsNotFollowed() {
        STRIPE.stubFor(get(urlPathEqualTo(FIND))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "https://elsewhere.test/v1/customers")));

        ProcessorOutcomeV1 outcome = eraseCustomer();

        assertFailed(
                outcome,
                false,
                "the vendor answered 302 (a redirect, not followed) to find "
                        + "(GET /v1/customers?email={EMAIL}&limit=100)");
    }
}
