package org.dsr.connector.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.dsr.connector.http.HttpTestSupport.EMAIL;
import static org.dsr.connector.http.HttpTestSupport.assertNoPersonalData;
import static org.dsr.connector.http.HttpTestSupport.erase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subject with two e-mail addresses: the find runs once per address, what both find is acted on (each object
 * once), and the verify (the find again) asks by both. Data left under the second address is never ERASED.
 */
class HttpSeveralValuesTest {

    static final String SECOND = "j.doe@work.example";
    private static final String TEMPLATE = """
            vendor: Example
            base-url: https://example.test
            categories:
              profile:
                ERASE:
                  find:
                    - request: GET /users?email={EMAIL}
                      ids: users[*].id
                  act: DELETE /users/{id}
            """;

    @RegisterExtension
    static final WireMockExtension VENDOR =
            WireMockExtension.newInstance().options(options().dynamicPort()).build();

    @TempDir
    Path dir;

    private ProcessorConnector connector;

    @BeforeEach
    void connect() throws IOException {
        Files.writeString(dir.resolve("vendor.yaml"), TEMPLATE);
        List<String> errors = new ArrayList<>();
        connector = HttpTestSupport.create(
                "example",
                "template-file: vendor.yaml\nbase-url: " + VENDOR.baseUrl()
                        + "\nbackoff: 0.01s\nauth: {type: bearer, token: {env: VENDOR_TOKEN}}\n",
                errors,
                dir);
        assertThat(errors).isEmpty();
        VENDOR.stubFor(
                delete(urlPathEqualTo("/users/u1")).willReturn(aResponse().withStatus(204)));
        VENDOR.stubFor(
                delete(urlPathEqualTo("/users/u2")).willReturn(aResponse().withStatus(204)));
    }

    static List<Identifier> twoEmails() {
        return List.of(new Identifier(IdentifierType.EMAIL, EMAIL), new Identifier(IdentifierType.EMAIL, SECOND));
    }

    /** The vendor lists {@code first} for the address, and {@code then} when asked again. */
    private static void finds(String email, String first, String then) {
        VENDOR.stubFor(get(urlPathEqualTo("/users"))
                .withQueryParam("email", equalTo(email))
                .inScenario(email)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("asked")
                .willReturn(okJson("{\"users\":" + first + "}")));
        VENDOR.stubFor(get(urlPathEqualTo("/users"))
                .withQueryParam("email", equalTo(email))
                .inScenario(email)
                .whenScenarioStateIs("asked")
                .willReturn(okJson("{\"users\":" + then + "}")));
    }

    private static void assertNoAddress(Object... anything) {
        assertNoPersonalData(anything);
        for (Object o : anything) {
            assertThat(Json.write(o)).doesNotContain(SECOND).doesNotContain("work.example");
        }
    }

    @Test
    void bothAddressesAreFoundActedOnAndVerified() {
        finds(EMAIL, "[{\"id\":\"u1\"}]", "[]");
        // the second address finds its own object and, again, the first one: each is deleted once
        finds(SECOND, "[{\"id\":\"u2\"},{\"id\":\"u1\"}]", "[]");

        HttpTestSupport.Run run = HttpTestSupport.run(connector, twoEmails(), erase("profile"));
        ProcessorOutcomeV1 outcome = run.outcome("profile");

        assertThat(outcome.status()).as("%s", outcome).isEqualTo(OutcomeStatus.ERASED);
        assertThat(outcome.evidence().rowsAffected()).isEqualTo(2);
        assertThat(outcome.evidence().remainingMatches()).isZero();
        assertThat(run.journal().recorded).containsExactly("{\"profile\":2}");
        VENDOR.verify(1, deleteRequestedFor(urlPathEqualTo("/users/u1")));
        VENDOR.verify(1, deleteRequestedFor(urlPathEqualTo("/users/u2")));
        VENDOR.verify(2, getRequestedFor(urlPathEqualTo("/users")).withQueryParam("email", equalTo(EMAIL)));
        VENDOR.verify(2, getRequestedFor(urlPathEqualTo("/users")).withQueryParam("email", equalTo(SECOND)));
        assertThat(outcome.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.status() + " " + e.objectIds())
                .containsExactly(
                        "find 200 [u1]",
                        "find 200 [u2, u1]",
                        "act 204 [u1]",
                        "act 204 [u2]",
                        "verify 200 null",
                        "verify 200 null");
        assertThat(outcome.evidence().exchanges())
                .extracting(e -> e.request())
                .contains("GET /users?email={EMAIL}", "DELETE /users/{id}");
        assertNoAddress(run.results(), outcome);
    }

    @Test
    void whatTheSecondAddressStillHasAfterActingIsFailedNotErased() {
        finds(EMAIL, "[{\"id\":\"u1\"}]", "[]");
        // the vendor answered 204 to the delete, but still lists the second address's object
        finds(SECOND, "[{\"id\":\"u2\"}]", "[{\"id\":\"u2\"}]");

        HttpTestSupport.Run run = HttpTestSupport.run(connector, twoEmails(), erase("profile"));
        ProcessorOutcomeV1 outcome = run.outcome("profile");

        assertThat(outcome.status()).as("%s", outcome).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.evidence().remainingMatches()).isEqualTo(1);
        assertThat(outcome.failure().retryable()).isFalse();
        assertThat(outcome.failure().reason()).isEqualTo("1 rows still match after erasure");
        assertThat(outcome.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.status() + " " + e.objectIds())
                .containsExactly(
                        "find 200 [u1]",
                        "find 200 [u2]",
                        "act 204 [u1]",
                        "act 204 [u2]",
                        "verify 200 null",
                        "verify 200 [u2]");
        assertNoAddress(run.results(), outcome);
    }

    @Test
    void oneAddressGivenTwiceIsAskedByOnce() {
        finds(EMAIL, "[{\"id\":\"u1\"}]", "[]");

        HttpTestSupport.Run run = HttpTestSupport.run(
                connector,
                List.of(new Identifier(IdentifierType.EMAIL, EMAIL), new Identifier(IdentifierType.EMAIL, EMAIL)),
                erase("profile"));

        assertThat(run.outcome("profile").status()).isEqualTo(OutcomeStatus.ERASED);
        VENDOR.verify(2, getRequestedFor(urlPathEqualTo("/users")));
    }
}
