package org.dsr.connector.http;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stripe template against a stand-in answering with Stripe's own example objects, at the endpoints Stripe's API
 * reference documents (Stripe's OpenAPI description is not carried here: checked against documentation only).
 */
class HttpStripeTemplateTest {

    @RegisterExtension
    static final WireMockExtension STRIPE =
            WireMockExtension.newInstance().options(options().dynamicPort()).build();
    /** Stripe's own example objects. */
    private static final JsonNode OBJECTS = load();

    private ProcessorConnector connector;

    private static JsonNode load() {
        try (InputStream in = HttpStripeTemplateTest.class.getResourceAsStream("/vendor-apis/stripe/objects.json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void connect() {
        connector = HttpTestSupport.connector("stripe", HttpTestSupport.settings("stripe", STRIPE.baseUrl()));
    }

    /** Stripe's example object of that type, with another id. */
    static ObjectNode object(String type, String id) {
        ObjectNode copy = OBJECTS.get(type).deepCopy();
        copy.put("id", id);
        return copy;
    }

    static String list(boolean more, JsonNode... data) {
        ObjectNode list = Json.MAPPER
                .createObjectNode()
                .put("object", "list")
                .put("has_more", more)
                .put("url", "/v1/customers");
        ArrayNode items = list.putArray("data");
        for (JsonNode d : data) {
            items.add(d);
        }
        return list.toString();
    }

    /** Two customers with that email, on two pages (Stripe's starting_after paging). */
    static void customers() {
        STRIPE.stubFor(get(urlPathEqualTo("/v1/customers"))
                .withQueryParam("email", equalTo(EMAIL))
                .withQueryParam("starting_after", absent())
                .willReturn(okJson(list(true, object("customer", "cus_A1").put("email", EMAIL)))));
        STRIPE.stubFor(get(urlPathEqualTo("/v1/customers"))
                .withQueryParam("email", equalTo(EMAIL))
                .withQueryParam("starting_after", equalTo("cus_A1"))
                .willReturn(okJson(list(false, object("customer", "cus_B2").put("email", EMAIL)))));
    }

    @Test
    void customersAndPaymentMethodsAreErasedAndInvoicesKeptForBookkeeping() {
        customers();
        STRIPE.stubFor(get(urlPathEqualTo("/v1/invoices"))
                .withQueryParam("customer", equalTo("cus_A1"))
                .willReturn(okJson(list(false, object("invoice", "in_1")))));
        STRIPE.stubFor(get(urlPathEqualTo("/v1/invoices"))
                .withQueryParam("customer", equalTo("cus_B2"))
                .willReturn(okJson(list(false))));
        STRIPE.stubFor(get(urlPathEqualTo("/v1/customers/cus_A1/payment_methods"))
                .inScenario("pm")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(list(false, object("payment_method", "pm_1")))));
        STRIPE.stubFor(get(urlPathEqualTo("/v1/customers/cus_A1/payment_methods"))
                .inScenario("pm")
                .whenScenarioStateIs("detached")
                .willReturn(okJson(list(false))));
        STRIPE.stubFor(
                get(urlPathEqualTo("/v1/customers/cus_B2/payment_methods")).willReturn(okJson(list(false))));
        STRIPE.stubFor(post(urlPathEqualTo("/v1/payment_methods/pm_1/detach"))
                .inScenario("pm")
                .willSetStateTo("detached")
                .willReturn(okJson(object("payment_method", "pm_1").toString())));
        for (String id : List.of("cus_A1", "cus_B2")) {
            STRIPE.stubFor(delete(urlPathEqualTo("/v1/customers/" + id))
                    .willReturn(okJson(object("deleted_customer", id).toString())));
            STRIPE.stubFor(get(urlPathEqualTo("/v1/customers/" + id))
                    .willReturn(okJson(object("deleted_customer", id).toString())));
        }

        HttpTestSupport.Run run = HttpTestSupport.run(
                connector, email(), erase("customer"), erase("payment-methods"), retain("invoices"));

        ProcessorOutcomeV1 invoices = run.outcome("invoices");
        assertThat(invoices.status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(invoices.retention().handles()).containsExactly("in_1");
        assertThat(invoices.retention().retainUntil())
                .isEqualTo(LocalDate.of(LocalDate.now(ZoneOffset.UTC).getYear() + 7, 12, 31));
        assertThat(invoices.retention().legalBasis()).contains("17(3)(b)");

        ProcessorOutcomeV1 methods = run.outcome("payment-methods");
        assertThat(methods.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(methods.evidence().rowsAffected()).isEqualTo(1);

        ProcessorOutcomeV1 customer = run.outcome("customer");
        assertThat(customer.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(customer.evidence().rowsAffected()).isEqualTo(2);
        assertThat(customer.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.request() + " " + e.objectIds())
                .containsExactly(
                        "find GET /v1/customers?email={EMAIL}&limit=100 [cus_A1]",
                        "find GET /v1/customers?email={EMAIL}&limit=100 [cus_B2]",
                        "act DELETE /v1/customers/{id} [cus_A1]",
                        "act DELETE /v1/customers/{id} [cus_B2]",
                        "verify GET /v1/customers/{id} [cus_A1]",
                        "verify GET /v1/customers/{id} [cus_B2]");

        // the journal held the counts before each action; what hangs off a customer went before the customer
        assertThat(run.journal().recorded).last().isEqualTo("{\"payment-methods\":1,\"customer\":2}");
        List<LoggedRequest> sent = STRIPE.findAll(anyRequestedFor(anyUrl()));
        List<String> order = sent.stream()
                .map(r -> r.getMethod().getName() + " " + r.getUrl().split("\\?")[0])
                .toList();
        assertThat(order.indexOf("GET /v1/invoices")).isLessThan(order.indexOf("DELETE /v1/customers/cus_A1"));
        assertThat(order.indexOf("POST /v1/payment_methods/pm_1/detach"))
                .isLessThan(order.indexOf("DELETE /v1/customers/cus_A1"));
        assertThat(sent)
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer tok_test_123"));
        assertNoPersonalData(run.results(), invoices, methods, customer);
    }

    @Test
    void anAttemptInterruptedAfterDeletingIsCreditedNotReportedNotFound() {
        STRIPE.stubFor(get(urlPathEqualTo("/v1/customers")).willReturn(okJson(list(false))));

        HttpTestSupport.Run run = HttpTestSupport.run(
                connector, email(), new HttpTestSupport.Journal("{\"customer\":2}"), erase("customer"));

        ProcessorOutcomeV1 customer = run.outcome("customer");
        assertThat(customer.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(customer.evidence().rowsAffected()).isEqualTo(2);
        assertThat(customer.evidence().verification()).contains("earlier attempt");
    }

    @Test
    void noCustomerIsNotFound() {
        STRIPE.stubFor(get(urlPathEqualTo("/v1/customers")).willReturn(okJson(list(false))));

        HttpTestSupport.Run run = HttpTestSupport.run(connector, email(), erase("customer"), retain("invoices"));

        assertThat(run.outcome("customer").status()).isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(run.outcome("invoices").status()).isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(STRIPE.findAll(anyRequestedFor(anyUrl()))).hasSize(2);
    }
}
