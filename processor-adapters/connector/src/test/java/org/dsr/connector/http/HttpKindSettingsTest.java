package org.dsr.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.contracts.event.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** What is refused at start, one line per bad setting or template field, and what the bundled templates offer. */
class HttpKindSettingsTest {

    static final List<String> BUNDLED = HttpKind.BUNDLED;

    @TempDir
    Path dir;

    private static List<String> errors(String settings, Path dir) {
        List<String> errors = new ArrayList<>();
        ProcessorConnector connector = HttpTestSupport.create("vendor", settings, errors, dir);
        assertThat(connector).isNull();
        return errors;
    }

    @ParameterizedTest
    @FieldSource("BUNDLED")
    void everyBundledTemplateLoads(String template) {
        ProcessorConnector connector =
                HttpTestSupport.connector(template, HttpTestSupport.settings(template, "https://vendor.test"));
        assertThat(connector.categories()).isNotEmpty();
    }

    @Test
    void theBundledTemplatesOfferWhatTheirVendorsDo() {
        assertThat(HttpTestSupport.connector("stripe", HttpTestSupport.settings("stripe", "https://x.test"))
                        .categories())
                .containsOnlyKeys("invoices", "payment-methods", "customer")
                .containsEntry("invoices", java.util.Set.of(Action.RETAIN));
        assertThat(HttpTestSupport.connector("sendgrid", HttpTestSupport.settings("sendgrid", "https://x.test"))
                        .categories())
                .containsEntry("contact", java.util.Set.of(Action.ERASE))
                .containsEntry("suppression", java.util.Set.of(Action.RETAIN));
        assertThat(HttpTestSupport.connector("segment", HttpTestSupport.settings("segment", "https://x.test"))
                        .categories())
                .containsEntry("tracking", java.util.Set.of(Action.RESTRICT, Action.LIFT_RESTRICTION));
    }

    @Test
    void aMissingSecretIsAnErrorAtStart() {
        assertThat(errors("template: stripe\nauth: {type: bearer, token: {env: NOT_SET_ANYWHERE}}\n", dir))
                .containsExactly("processors[vendor].settings.auth.token: environment variable NOT_SET_ANYWHERE "
                        + "is not set");
    }

    @Test
    void anInlineSecretIsRefused() {
        assertThat(errors("template: stripe\nauth: {type: bearer, token: sk_live_inline}\n", dir))
                .containsExactly("processors[vendor].settings.auth.token: a secret is never inline: give "
                        + "{env: NAME} or {file: PATH}");
    }

    @Test
    void anUnknownTemplateNamesTheBundledOnes() {
        assertThat(errors("template: mailchimpy\nauth: {type: bearer, token: {env: VENDOR_TOKEN}}\n", dir))
                .containsExactly("processors[vendor].settings.template: no bundled template 'mailchimpy'; bundled: "
                        + "[hubspot, segment, sendgrid, stripe, zendesk] (or give template-file)");
    }

    @Test
    void aTemplateIsRequiredAndSoIsAuth() {
        assertThat(errors("base-url: https://vendor.test\n", dir))
                .containsExactly(
                        "processors[vendor].settings.template: required: a bundled template [hubspot, segment, sendgrid, "
                                + "stripe, zendesk], or template-file",
                        "processors[vendor].settings.auth: required: {type: bearer|basic|api-key|oauth2-client-credentials, "
                                + "...}");
    }

    @Test
    void unknownSettingsAndAuthTypesAreRefused() {
        assertThat(errors("template: stripe\nretries: 5\nauth: {type: kerberos}\n", dir))
                .containsExactly(
                        "processors[vendor].settings.retries: unknown setting; expected one of [attempts, auth, backoff, "
                                + "base-url, max-retry-after, rate-limit, template, template-file, timeout]",
                        "processors[vendor].settings.auth.type: bearer, basic, api-key or oauth2-client-credentials");
    }

    @Test
    void everyBadTemplateFieldIsOneLine() throws IOException {
        Files.writeString(dir.resolve("vendor.yaml"), """
                vendor: Example
                base-url: https://api.example.test
                categories:
                  profile:
                    ERASE:
                      find:
                        - request: GET /users?email={EMAIL}
                          ids: "users[*"
                      act: REMOVE /users/{id}
                    ANONYMISE:
                      find: [ { request: "GET /users?filter=a|b&email={EMAIL}", ids: "users[*].id" } ]
                      act: DELETE /users/{id}
                    PURGE:
                      act: DELETE /x
                  orders:
                    RETAIN:
                      find:
                        - request: GET /orders?mail={EMIAL}
                          ids: orders[*].id
                  newsletter:
                    ERASE:
                      find:
                        - request: GET /subscribers?email={EMAIL}
                          ids: data[*].id
                      act: DELETE /subscribers?ids={ids}
                      async:
                        job: job
                        poll: GET /jobs/{job}
                        state: state
                        done: [done]
                      verify: find
                """);

        List<String> errors =
                errors("template-file: vendor.yaml\nauth: {type: bearer, token: {env: VENDOR_TOKEN}}\n", dir);

        String at = "processors[vendor].settings.template-file: categories.";
        assertThat(errors)
                .containsExactlyInAnyOrder(
                        at + "profile.ERASE.find[0].ids: not a path (fields joined by dots, [*] for every element)",
                        at
                                + "profile.ERASE.act: must be METHOD /path with METHOD one of [DELETE, GET, PATCH, POST, PUT]",
                        at + "profile.ANONYMISE.find[0]: the path is not a valid URL path (spaces and such must be "
                                + "percent-encoded)",
                        at
                                + "profile.PURGE: unknown action; one of [ERASE, ANONYMISE, RESTRICT, LIFT_RESTRICTION, RETAIN, "
                                + "DEFERRED_ERASE]",
                        at
                                + "orders.RETAIN.find[0]: unknown placeholder {EMIAL}; identifiers [CUSTOMER_NUMBER, DK_CPR, "
                                + "EMAIL, PHONE, SE_PERSONNUMMER, USER_ID], or id, ids, job",
                        at
                                + "orders.RETAIN.retain: required for RETAIN: legal-basis (and years, unless kept without end)",
                        at
                                + "newsletter.ERASE.verify: with async, the read after the job runs without identifiers: give a "
                                + "request by {id}");
    }

    @Test
    void aTemplateFileThatIsNotThereIsAnError() {
        assertThat(errors("template-file: nowhere.yaml\nauth: {type: bearer, token: {env: VENDOR_TOKEN}}\n", dir))
                .singleElement()
                .asString()
                .startsWith("processors[vendor].settings.template-file: file ")
                .endsWith("does not exist");
    }
}
