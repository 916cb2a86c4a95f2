package org.dsr.connector.opendsr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.dsr.connector.opendsr.OpenDsrFixture.expired;
import static org.dsr.connector.opendsr.OpenDsrFixture.processorKey;

import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What the connector refuses to start with, one line per bad setting, as the core reports it. */
class OpenDsrSettingsTest extends OpenDsrLocalServer {

    private List<String> errors(ObjectNode settings) {
        List<String> errors = new ArrayList<>();
        Object connector = OpenDsrFixture.create(settings, dir, errors);
        assertThat(connector == null).isEqualTo(!errors.isEmpty());
        return errors;
    }

    private ObjectNode offline() {
        ObjectNode s = OpenDsrFixture.settings(base, processorKey().certificate());
        s.put("check-discovery", false);
        return s;
    }

    @Test
    void missingUrlCategoriesAndCertificateAreEachNamed() {
        ObjectNode s = offline();
        s.remove(List.of("url", "categories", "certificate"));

        assertThat(errors(s))
                .containsExactlyInAnyOrder(
                        "processors[crm].settings.url: required",
                        "processors[crm].settings.categories: required: a list of the categories the processor's erasure"
                                + " covers",
                        "processors[crm].settings.certificate: required");
    }

    @Test
    void anIdentityMappingOpenDsrLacksIsRefusedAtStart() {
        ObjectNode s = offline();
        s.putObject("identities")
                .put("EMAIL", "email")
                .put("PHONE", "phone_number")
                .put("FAX", "fax");
        s.put("identity-format", "md5");

        List<String> errors = errors(s);

        assertThat(errors).hasSize(3);
        assertThat(errors)
                .anySatisfy(
                        e -> assertThat(e)
                                .startsWith(
                                        "processors[crm].settings.identities.PHONE: 'phone_number' is not an OpenDSR 2.0 identity type"));
        assertThat(errors)
                .anySatisfy(e ->
                        assertThat(e).startsWith("processors[crm].settings.identities.FAX: not an identifier type"));
        assertThat(errors).contains("processors[crm].settings.identity-format: must be one of [raw, sha256]");

        ObjectNode none = offline();
        none.putObject("identities");
        assertThat(errors(none)).containsExactly("processors[crm].settings.identities: maps no identifier type");
    }

    @Test
    void aTypoAnExpiredCertificateAndAUrlThatIsNoneAreRefused() {
        ObjectNode s = OpenDsrFixture.settings(
                "ftp://opendsr.processor.test", expired().certificate());
        s.put("check-discovery", false);
        s.put("callback-url", "https://typo.test");

        List<String> errors = errors(s);

        assertThat(errors).contains("processors[crm].settings.url: must be an absolute http or https URL");
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("processors[crm].settings.certificate: expired"));
        assertThat(errors)
                .anySatisfy(e -> assertThat(e).startsWith("processors[crm].settings.callback-url: unknown setting"));
    }

    @Test
    void discoveryMustOfferErasureAndEveryMappedIdentityInTheChosenFormat() {
        server.stubFor(get(urlEqualTo("/v2/discovery")).willReturn(okJson("""
                {"api_version":"2.0",
                 "supported_identities":[{"identity_type":"email","identity_format":"raw"}],
                 "supported_subject_request_types":["access"],
                 "processor_certificate":"https://opendsr.processor.test/cert.pem"}""")));
        ObjectNode s = OpenDsrFixture.settings(base, processorKey().certificate());

        assertThat(errors(s))
                .containsExactlyInAnyOrder(
                        "processors[crm]: OpenDSR discovery: the processor does not support erasure requests",
                        "processors[crm]: OpenDSR discovery: the processor does not support identity"
                                + " controller_customer_id in format raw");

        server.stubFor(get(urlEqualTo("/v2/discovery")).willReturn(okJson("""
                {"api_version":"2.0",
                 "supported_identities":[{"identity_type":"email","identity_format":"raw"},
                   {"identity_type":"controller_customer_id","identity_format":"raw"}],
                 "supported_subject_request_types":["erasure","access"],
                 "processor_certificate":"https://opendsr.processor.test/cert.pem"}""")));
        assertThat(errors(s)).isEmpty();
    }

    @Test
    void aDiscoveryThatFailsOrIsNotJsonStopsTheStart() {
        server.stubFor(get(urlEqualTo("/v2/discovery")).willReturn(aResponse().withStatus(500)));
        ObjectNode s = OpenDsrFixture.settings(base, processorKey().certificate());
        assertThat(errors(s)).containsExactly("processors[crm]: OpenDSR discovery answered HTTP 500");

        server.stubFor(get(urlEqualTo("/v2/discovery")).willReturn(okJson("[\"erasure\"")));
        assertThat(errors(s)).containsExactly("processors[crm]: OpenDSR discovery is not a JSON object");

        server.stubFor(get(urlEqualTo("/v2/discovery")).willReturn(okJson("""
                {"api_version":"1.0","supported_identities":[{"identity_type":"email","identity_format":"raw"},
                   {"identity_type":"controller_customer_id","identity_format":"raw"}],
                 "supported_subject_request_types":["erasure"]}""")));
        assertThat(errors(s)).containsExactly("processors[crm]: OpenDSR discovery: api_version '1.0' is not 2.x");
    }
}
