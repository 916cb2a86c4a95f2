package org.dsr.connector.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.dsr.connector.http.HttpTestSupport.EMAIL;
import static org.dsr.connector.http.HttpTestSupport.email;
import static org.dsr.connector.http.HttpTestSupport.erase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vendor described by a template file: authentication (API key, a secret from a file, OAuth2 client credentials),
 * the rate limit, paging safety, identifiers encoded in URLs, and a deferred erasure by retention handles.
 */
class HttpTemplateFileTest {

    private static final String TEMPLATE = """
            vendor: Example
            base-url: https://example.test
            categories:
              profile:
                ERASE:
                  find:
                    - request: GET /users?email={EMAIL}
                      ids: users[*].id
                      pages: { type: next-url, next: next }
                  act: DELETE /users/{id}
              invoices:
                DEFERRED_ERASE:
                  act: DELETE /invoices/{id}
                  verify:
                    request: GET /invoices/{id}
                    expect: gone
            """;

    @RegisterExtension
    static final WireMockExtension VENDOR =
            WireMockExtension.newInstance().options(options().dynamicPort()).build();

    @TempDir
    Path dir;

    @BeforeEach
    void reset() throws IOException {
        Files.writeString(dir.resolve("vendor.yaml"), TEMPLATE);
    }

    private ProcessorConnector connector(String auth, String more) {
        List<String> errors = new ArrayList<>();
        ProcessorConnector connector = HttpTestSupport.create(
                "example",
                "template-file: vendor.yaml\nbase-url: " + VENDOR.baseUrl() + "\nbackoff: 0.01s\nauth: " + auth + "\n"
                        + more,
                errors,
                dir);
        assertThat(errors).isEmpty();
        return connector;
    }

    private static void oneUser() {
        VENDOR.stubFor(get(urlPathEqualTo("/users")).willReturn(okJson("{\"users\":[{\"id\":\"u1\"}]}")));
        VENDOR.stubFor(
                delete(urlPathEqualTo("/users/u1")).willReturn(aResponse().withStatus(204)));
    }

    @Test
    void apiKeyGoesInItsHeaderWithItsPrefix() {
        oneUser();
        ProcessorConnector connector =
                connector("{type: api-key, header: X-Api-Key, prefix: 'Key ', " + "key: {env: VENDOR_TOKEN}}", "");

        HttpTestSupport.run(connector, email(), erase("profile"));

        assertThat(VENDOR.findAll(anyRequestedFor(anyUrl()))).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getHeader("X-Api-Key")).isEqualTo("Key tok_test_123");
            assertThat(r.containsHeader("Authorization")).isFalse();
        });
    }

    @Test
    void aSecretMayComeFromAFile() throws IOException {
        oneUser();
        Files.writeString(dir.resolve("token.txt"), "tok_from_file\n");
        ProcessorConnector connector = connector("{type: bearer, token: {file: token.txt}}", "");

        HttpTestSupport.run(connector, email(), erase("profile"));

        assertThat(VENDOR.findAll(anyRequestedFor(anyUrl())))
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer tok_from_file"));
    }

    @Test
    void oauth2TokenIsFetchedOnceAndAgainWhenTheVendorRefusesIt() {
        VENDOR.stubFor(post(urlPathEqualTo("/oauth/token"))
                .inScenario("token")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("second")
                .willReturn(okJson("{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        VENDOR.stubFor(post(urlPathEqualTo("/oauth/token"))
                .inScenario("token")
                .whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\":\"at-2\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        VENDOR.stubFor(get(urlPathEqualTo("/users"))
                .withHeader("Authorization", equalTo("Bearer at-1"))
                .willReturn(okJson("{\"users\":[]}")));
        // the vendor revoked at-1 between the first and the second command
        VENDOR.stubFor(get(urlPathEqualTo("/users"))
                .withHeader("Authorization", equalTo("Bearer at-1"))
                .inScenario("revoked")
                .whenScenarioStateIs("revoked")
                .willReturn(aResponse().withStatus(401)));
        VENDOR.stubFor(get(urlPathEqualTo("/users"))
                .withHeader("Authorization", equalTo("Bearer at-2"))
                .willReturn(okJson("{\"users\":[]}")));
        ProcessorConnector connector = connector(
                "{type: oauth2-client-credentials, token-url: " + VENDOR.baseUrl()
                        + "/oauth/token, client-id: dsr-connector, client-secret: {env: CLIENT_SECRET}, scope: gdpr}",
                "");

        assertThat(HttpTestSupport.run(connector, email(), erase("profile"))
                        .outcome("profile")
                        .status())
                .isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(HttpTestSupport.run(connector, email(), erase("profile"))
                        .outcome("profile")
                        .status())
                .isEqualTo(OutcomeStatus.NOT_FOUND);
        VENDOR.setScenarioState("revoked", "revoked");
        ProcessorOutcomeV1 third =
                HttpTestSupport.run(connector, email(), erase("profile")).outcome("profile");

        assertThat(third.status()).isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(third.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.status())
                .containsExactly("find 401", "find 200");
        VENDOR.verify(
                2,
                postRequestedFor(urlPathEqualTo("/oauth/token"))
                        .withHeader(
                                "Authorization",
                                equalTo("Basic "
                                        + Base64.getEncoder()
                                                .encodeToString("dsr-connector:client-secret-test".getBytes())))
                        .withRequestBody(equalTo("grant_type=client_credentials&scope=gdpr")));
        VENDOR.verify(4, getRequestedFor(urlPathEqualTo("/users")));
    }

    @Test
    void aTokenEndpointThatRefusesTheClientIsPermanent() {
        VENDOR.stubFor(post(urlPathEqualTo("/oauth/token"))
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"invalid_client\"}")));
        ProcessorConnector connector = connector(
                "{type: oauth2-client-credentials, token-url: " + VENDOR.baseUrl()
                        + "/oauth/token, client-id: dsr-connector, client-secret: {env: CLIENT_SECRET}}",
                "");

        ProcessorOutcomeV1 outcome =
                HttpTestSupport.run(connector, email(), erase("profile")).outcome("profile");

        assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.failure().retryable()).isFalse();
        assertThat(outcome.failure().reason()).isEqualTo("the token endpoint answered 401");
        VENDOR.verify(0, getRequestedFor(urlPathEqualTo("/users")));
    }

    @Test
    void theRateLimitSpacesRequests() {
        VENDOR.stubFor(get(urlPathEqualTo("/users"))
                .willReturn(okJson("{\"users\":[{\"id\":\"u1\"},{\"id\":\"u2\"},"
                        + "{\"id\":\"u3\"},{\"id\":\"u4\"},{\"id\":\"u5\"}]}")));
        VENDOR.stubFor(delete(anyUrl()).willReturn(aResponse().withStatus(204)));
        ProcessorConnector connector = connector("{type: bearer, token: {env: VENDOR_TOKEN}}", "rate-limit: 5\n");

        long started = System.nanoTime();
        HttpTestSupport.run(connector, email(), erase("profile"));

        // find, five deletes, find again: seven requests at five a second
        assertThat(VENDOR.findAll(anyRequestedFor(anyUrl()))).hasSize(7);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1200);
    }

    @Test
    void aNextPageOnAnotherHostIsNotFollowedWithTheCredentials() {
        VENDOR.stubFor(get(urlPathEqualTo("/users"))
                .withQueryParam("email", equalTo(EMAIL))
                .willReturn(okJson("{\"users\":[{\"id\":\"u1\"}],\"next\":\"https://elsewhere.test/users?page=2\"}")));
        ProcessorConnector connector = connector("{type: bearer, token: {env: VENDOR_TOKEN}}", "");

        ProcessorOutcomeV1 outcome =
                HttpTestSupport.run(connector, email(), erase("profile")).outcome("profile");

        assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.failure().reason()).isEqualTo("the vendor named a next page on another host");
        VENDOR.verify(0, com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(anyUrl()));
    }

    @Test
    void theRequestCarriesTheIdentifierEncodedNotRaw() {
        VENDOR.stubFor(get(urlPathEqualTo("/users")).willReturn(okJson("{\"users\":[]}")));
        ProcessorConnector connector = connector("{type: bearer, token: {env: VENDOR_TOKEN}}", "");

        HttpTestSupport.run(
                connector,
                List.of(new org.dsr.contracts.subject.Identifier(
                        org.dsr.contracts.subject.IdentifierType.EMAIL, "a+b&admin=1@example.com")),
                erase("profile"));

        VENDOR.verify(getRequestedFor(urlPathEqualTo("/users"))
                .withQueryParam("email", equalTo("a+b&admin=1@example.com"))
                .withQueryParam("admin", com.github.tomakehurst.wiremock.client.WireMock.absent()));
        assertThat(VENDOR.findAll(anyRequestedFor(anyUrl())).get(0).getUrl()).contains("a%2Bb%26admin%3D1");
    }

    @Test
    void aDeferredErasureActsOnItsRetentionHandlesWithoutIdentifiers() {
        VENDOR.stubFor(
                delete(urlPathEqualTo("/invoices/in_1")).willReturn(aResponse().withStatus(204)));
        VENDOR.stubFor(
                delete(urlPathEqualTo("/invoices/in_2")).willReturn(aResponse().withStatus(404)));
        VENDOR.stubFor(
                get(urlPathEqualTo("/invoices/in_1")).willReturn(aResponse().withStatus(404)));
        VENDOR.stubFor(
                get(urlPathEqualTo("/invoices/in_2")).willReturn(aResponse().withStatus(404)));
        ProcessorConnector connector = connector("{type: bearer, token: {env: VENDOR_TOKEN}}", "");

        ProcessorOutcomeV1 outcome = HttpTestSupport.run(
                        connector,
                        List.of(),
                        new org.dsr.contracts.event.CategoryCommand(
                                "invoices", org.dsr.contracts.event.Action.DEFERRED_ERASE, List.of("in_1", "in_2")))
                .outcome("invoices");

        // in_2 was already gone (404): erased, but not by this action
        assertThat(outcome.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(outcome.evidence().rowsAffected()).isEqualTo(1);
        assertThat(outcome.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.status() + " " + e.objectIds())
                .containsExactly("act 204 [in_1]", "act 404 [in_2]", "verify 404 [in_1]", "verify 404 [in_2]");
    }
}
