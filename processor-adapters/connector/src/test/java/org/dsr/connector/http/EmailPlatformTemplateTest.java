package org.dsr.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.junit.jupiter.api.Test;

import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.contracts.event.Action;

/**
 * The sample mail platform's privacy API template (email-delivery's {@code privacy-api/template.yaml}) is a template
 * of one's own, given by {@code template-file}: it is checked here by the same code path the connector runs at
 * start ({@link HttpKind#create}). What the API answers to each of its requests is email-delivery's
 * PrivacyApiResourceTest; the round trip through a running connector is the system test's.
 */
class EmailPlatformTemplateTest {

    /** surefire runs in the module's directory: the template lives in the mail platform's module. */
    static final Path TEMPLATE = Path.of("..", "..", "sample-processors", "email-delivery", "src", "main", "resources",
            "privacy-api", "template.yaml");

    @Test
    void theTemplateIsValidAsTheConnectorChecksItAtStart() {
        assertThat(TEMPLATE).isRegularFile();
        List<String> errors = new ArrayList<>();

        ProcessorConnector connector = HttpTestSupport.create("email-delivery", "template-file: " + TEMPLATE
                + "\nauth: {type: api-key, header: X-Api-Key, key: {env: VENDOR_TOKEN}}\n", errors);

        assertThat(errors).isEmpty();
        assertThat(connector).isNotNull();
        // the categories and actions policy.yaml sends email-delivery
        assertThat(connector.categories()).isEqualTo(Map.of("suppression-list", Set.of(Action.RETAIN),
                "list-memberships", Set.of(Action.ERASE), "consent", Set.of(Action.ERASE), "delivery-logs",
                Set.of(Action.ERASE), "contact", Set.of(Action.ERASE, Action.RESTRICT, Action.LIFT_RESTRICTION)));
    }

    @Test
    void suppressionRunsFirstTheContactLastAndTheAddressIsNeverInAUrl() throws IOException {
        List<String> errors = new ArrayList<>();
        HttpTemplate template = HttpTemplate.parse(new ObjectMapper(new YAMLFactory()).readTree(
                Files.readString(TEMPLATE)), (at, message) -> errors.add(at + ": " + message));

        assertThat(errors).isEmpty();
        assertThat(template.vendor()).isNotBlank();
        assertThat(template.baseUrl()).hasToString("http://127.0.0.1:8083");
        assertThat(List.copyOf(template.categories().keySet())).first().isEqualTo("suppression-list");
        assertThat(List.copyOf(template.categories().keySet())).last().isEqualTo("contact");
        HttpTemplate.Step retain = template.categories().get("suppression-list").get(Action.RETAIN);
        assertThat(retain.retain().legalBasis()).isEqualTo(
                "GDPR Art. 17(3)(b), 21(3): suppression of further processing");
        assertThat(retain.retain().years()).isNull();
        assertThat(retain.verify().present()).isTrue();
        List<HttpTemplate.Request> requests = new ArrayList<>();
        template.categories().values().forEach(steps -> steps.values().forEach(step -> {
            step.find().forEach(f -> requests.add(f.request()));
            requests.addAll(step.act());
            if (step.verify() != null && step.verify().request() != null) {
                requests.add(step.verify().request());
            }
        }));
        assertThat(requests).isNotEmpty().allSatisfy(r -> assertThat(r.path()).doesNotContain("{EMAIL}")
                .startsWith("/privacy/v1/"));
        // many delivery logs: one request for all of them, not one per log
        for (String category : List.of("list-memberships", "consent", "delivery-logs")) {
            assertThat(template.categories().get(category).get(Action.ERASE).act())
                    .allSatisfy(r -> assertThat(r.uses("ids")).isTrue());
        }
    }
}
