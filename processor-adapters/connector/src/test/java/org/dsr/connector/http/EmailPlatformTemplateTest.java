package org.dsr.connector.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.dsr.connector.http.HttpTestSupport.email;
import static org.dsr.connector.http.HttpTestSupport.erase;
import static org.dsr.connector.http.HttpTestSupport.retain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample mail platform's privacy API template (email-delivery's {@code privacy-api/template.yaml}) is a template
 * of one's own, given by {@code template-file}: it is checked here by the same code path the connector runs at
 * start ({@link HttpKind#create}). What the API answers to each of its requests is email-delivery's
 * PrivacyApiResourceTest; the round trip through a running connector is the system test's.
 */
class EmailPlatformTemplateTest {

    /** surefire runs in the module's directory: the template lives in the mail platform's module. */
    static final Path TEMPLATE = Path.of(
            "..",
            "..",
            "sample-processors",
            "email-delivery",
            "src",
            "main",
            "resources",
            "privacy-api",
            "template.yaml");

    @RegisterExtension
    static final WireMockExtension PLATFORM =
            WireMockExtension.newInstance().options(options().dynamicPort()).build();

    @Test
    void theTemplateIsValidAsTheConnectorChecksItAtStart() {
        assertThat(TEMPLATE).isRegularFile();
        List<String> errors = new ArrayList<>();

        ProcessorConnector connector = HttpTestSupport.create(
                "email-delivery",
                "template-file: " + TEMPLATE + "\nauth: {type: api-key, header: X-Api-Key, key: {env: VENDOR_TOKEN}}\n",
                errors);

        assertThat(errors).isEmpty();
        assertThat(connector).isNotNull();
        // the categories and actions policy.yaml sends email-delivery
        assertThat(connector.categories())
                .isEqualTo(Map.of(
                        "suppression-list",
                        Set.of(Action.RETAIN),
                        "list-memberships",
                        Set.of(Action.ERASE),
                        "consent",
                        Set.of(Action.ERASE),
                        "delivery-logs",
                        Set.of(Action.ERASE),
                        "contact",
                        Set.of(Action.ERASE, Action.RESTRICT, Action.LIFT_RESTRICTION)));
    }

    @Test
    void suppressionRunsFirstTheContactLastAndTheAddressIsNeverInAUrl() throws IOException {
        List<String> errors = new ArrayList<>();
        HttpTemplate template = HttpTemplate.parse(
                new ObjectMapper(new YAMLFactory()).readTree(Files.readString(TEMPLATE)),
                (at, message) -> errors.add(at + ": " + message));

        assertThat(errors).isEmpty();
        assertThat(template.vendor()).isNotBlank();
        assertThat(template.baseUrl()).hasToString("http://127.0.0.1:8083");
        assertThat(List.copyOf(template.categories().keySet())).first().isEqualTo("suppression-list");
        assertThat(List.copyOf(template.categories().keySet())).last().isEqualTo("contact");
        HttpTemplate.Step retain = template.categories().get("suppression-list").get(Action.RETAIN);
        assertThat(retain.retain().legalBasis())
                .isEqualTo("GDPR Art. 17(3)(b), 21(3): suppression of further processing");
        assertThat(retain.retain().years()).isNull();
        assertThat(retain.verify().present()).isTrue();
        List<HttpTemplate.Request> requests = new ArrayList<>();
        template.categories()
                .values()
                .forEach(steps -> steps.values().forEach(step -> {
                    step.find().forEach(f -> requests.add(f.request()));
                    requests.addAll(step.act());
                    if (step.verify() != null && step.verify().request() != null) {
                        requests.add(step.verify().request());
                    }
                }));
        assertThat(requests)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.path()).doesNotContain("{EMAIL}").startsWith("/privacy/v1/"));
        // many delivery logs: one request for all of them, not one per log
        for (String category : List.of("list-memberships", "consent", "delivery-logs")) {
            assertThat(template.categories().get(category).get(Action.ERASE).act())
                    .allSatisfy(r -> assertThat(r.uses("ids")).isTrue());
        }
    }

    /**
     * Found by the fault harness: while the platform restarted, the first categories could not reach it (retryable),
     * and the contact's delete, asked next, was refused with 409 because what hangs off the contact was still there:
     * a permanent failure that sent the saga to NEEDS_ATTENTION for a vendor that was only away for a minute.
     */
    @Test
    void afterARetryableFailureTheCategoriesAfterItAreNotAskedAndStayRetryable() {
        PLATFORM.stubFor(post(urlPathEqualTo("/privacy/v1/suppression-list/search"))
                .willReturn(aResponse().withStatus(503)));
        ProcessorConnector connector = HttpTestSupport.connector(
                "email-delivery",
                "template-file: " + TEMPLATE
                        + "\nbase-url: " + PLATFORM.baseUrl() + "\nbackoff: 0.01s\n"
                        + "auth: {type: api-key, header: X-Api-Key, key: {env: VENDOR_TOKEN}}\n");

        HttpTestSupport.Run run = HttpTestSupport.run(
                connector,
                email(),
                erase("contact"),
                erase("delivery-logs"),
                erase("consent"),
                erase("list-memberships"),
                retain("suppression-list"));

        ProcessorOutcomeV1 suppression = run.outcome("suppression-list");
        assertThat(suppression.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(suppression.failure().retryable()).isTrue();
        assertThat(suppression.failure().reason()).startsWith("the vendor answered 503 to find");
        for (String later : List.of("list-memberships", "consent", "delivery-logs", "contact")) {
            ProcessorOutcomeV1 outcome = run.outcome(later);
            assertThat(outcome.status()).as(later).isEqualTo(OutcomeStatus.FAILED);
            assertThat(outcome.failure().retryable()).as(later).isTrue();
            assertThat(outcome.failure().reason())
                    .as(later)
                    .isEqualTo("not asked: suppression-list failed"
                            + " retryably before it, and categories run in the template's order");
        }
        // only the suppression search was sent (each attempt of it), never the contact's delete
        assertThat(PLATFORM.findAll(anyRequestedFor(anyUrl())))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.getUrl()).isEqualTo("/privacy/v1/suppression-list/search"));
    }
}
