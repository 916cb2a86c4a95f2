package org.dsr.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dsr.contracts.Topics;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.time.Deadlines;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.kit.problem.Problem;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "request_service_test"))
@RealInfrastructureTest
class RequestIntakeTest {

    /** Marks every identifier value used here, so the log can be searched for any of them afterwards. */
    static final String TOKEN = "zq" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    SubjectKeys keys;

    @Test
    void acceptsARequestAndPublishesOnePseudonymisedEvent() throws Exception {
        String email = "Alice." + TOKEN + "@Example.com";
        Instant before = Instant.now();
        ExtractableResponse<Response> response = TestData.submit(TestData.body(email))
                .statusCode(202)
                .contentType(ContentType.JSON)
                .body("status", equalTo("RECEIVED"))
                .body("id", notNullValue())
                .body("receivedAt", notNullValue())
                .body("dueAt", notNullValue())
                .extract();
        String id = response.path("id");
        assertThat(response.header("Location")).isEqualTo("/api/v1/requests/" + id);
        Instant receivedAt = Instant.parse(response.path("receivedAt"));
        assertThat(receivedAt).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(Instant.parse(response.<String>path("dueAt")))
                .isEqualTo(Deadlines.dueAt(receivedAt, Jurisdiction.SE));
        assertThat(response.asString()).doesNotContainIgnoringCase(TOKEN);

        // GET shows it, with no processors yet and no identifiers
        TestData.operator()
                .get("/api/v1/requests/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("type", equalTo("ERASURE"))
                .body("jurisdiction", equalTo("SE"))
                .body("status", equalTo("RECEIVED"))
                .body("completedAt", equalTo(null))
                .body("processors.size()", equalTo(0))
                .body(not(containsString(TOKEN)));

        // exactly one CloudEvent on dsr.requests, keyed by the pseudonym, no plaintext anywhere
        List<ConsumerRecord<String, String>> events = ReadUntil.marker(
                Topics.REQUESTS,
                r -> r.value().contains(id),
                KafkaIntakeTest.laterRequestOf(email),
                Duration.ofSeconds(30));
        assertThat(events).hasSize(1);
        ConsumerRecord<String, String> record = events.get(0);
        String pseudonym = keys.pseudonym(new Identifier(IdentifierType.EMAIL, email));
        assertThat(record.key()).isEqualTo(pseudonym);
        assertThat(record.value().toLowerCase(Locale.ROOT))
                .doesNotContain(email.toLowerCase(Locale.ROOT))
                .doesNotContain(TOKEN)
                .doesNotContain("alice");
        EventEnvelope envelope = EventCodec.decode(record.value());
        assertThat(envelope.type()).isEqualTo(RequestSubmittedV1.TYPE);
        assertThat(envelope.subject()).isEqualTo(pseudonym);
        RequestSubmittedV1 event = envelope.dataAs(RequestSubmittedV1.class);
        assertThat(event.requestId()).hasToString(id);
        assertThat(event.subject().pseudonym()).isEqualTo(pseudonym);
        assertThat(event.subject().identifierTypes()).containsExactly(IdentifierType.EMAIL);
        assertThat(event.receivedAt()).isEqualTo(receivedAt);
        // the ciphertext opens, with the request's own data key and for this request only, to the normalised identifier
        assertThat(event.subject().identifiers().keyId()).startsWith("dk-");
        assertThat(TestData.decrypt(event.subject().identifiers(), id))
                .containsExactly(new Identifier(IdentifierType.EMAIL, email.toLowerCase(Locale.ROOT)));

        // no plaintext in any column of any table
        assertThat(TestData.rowsContaining(TOKEN)).isEmpty();
        assertThat(TestData.count("select count(*) from dsr_request where id = ?", UUID.fromString(id)))
                .isEqualTo(1);
    }

    /**
     * Phone numbers of people 100 (SE) and 101 (DK) of the sample stores, the first generated ones of the demo's
     * population (adapter-kit SamplePopulation, default seed; adapter-kit's SamplePopulationPhonesTest pins them and
     * checks every sample phone number against this service's validation).
     */
    static final Map<Jurisdiction, String> SAMPLE_PHONES =
            Map.of(Jurisdiction.SE, "+46708815942", Jurisdiction.DK, "+4527156661");

    @Test
    void aSamplePersonCanBeErasedByPhone() throws Exception {
        for (Map.Entry<Jurisdiction, String> person : SAMPLE_PHONES.entrySet()) {
            // given a generated person of the sample stores, when a user asks to erase them by their phone number
            String id = TestData.submit("""
                    {"type":"ERASURE","jurisdiction":"%s","subject":{"identifiers":[{"type":"PHONE","value":"%s"}]}}""".formatted(person.getKey(), person.getValue()))
                    // then the request is accepted, and its event carries the number as the stores hold it
                    .statusCode(202)
                    .body("status", equalTo("RECEIVED"))
                    .extract()
                    .path("id");
            ConsumerRecord<String, String> record = TestKafka.read(
                            Topics.REQUESTS, r -> r.value().contains(id), 1, Duration.ofSeconds(30), Duration.ZERO)
                    .get(0);
            Identifier phone = new Identifier(IdentifierType.PHONE, person.getValue());
            assertThat(record.key()).isEqualTo(keys.pseudonym(phone));
            RequestSubmittedV1 event = EventCodec.decode(record.value()).dataAs(RequestSubmittedV1.class);
            assertThat(TestData.decrypt(event.subject().identifiers(), id)).containsExactly(phone);
        }
    }

    @Test
    void missingTypeJurisdictionAndSubjectAreNamed() {
        problem(TestData.submit("""
                {"subject":{"identifiers":[{"type":"EMAIL","value":"a%s@example.com"}]}}""".formatted(TOKEN)), 400)
                .body("errors.field", hasItem("type"))
                .body("errors.field", hasItem("jurisdiction"));
        problem(TestData.submit("{\"type\":\"ERASURE\",\"jurisdiction\":\"SE\"}"), 400)
                .body("errors.field", hasItem("subject"));
    }

    @Test
    void emptyIdentifiersAreRejected() {
        problem(TestData.submit("{\"type\":\"ERASURE\",\"jurisdiction\":\"SE\",\"subject\":{\"identifiers\":[]}}"), 400)
                .body("errors.field", hasItem("subject.identifiers"));
        problem(TestData.submit("{\"type\":\"ERASURE\",\"jurisdiction\":\"SE\",\"subject\":{}}"), 400)
                .body("errors.field", hasItem("subject.identifiers"));
    }

    @Test
    void blankValueIsRejected() {
        problem(TestData.submit(TestData.body("   ")), 400)
                .body("errors.field", hasItem("subject.identifiers[0].value"));
    }

    @Test
    void malformedEmailIsRejectedWithoutEchoingIt() {
        problem(TestData.submit(TestData.body("no-at-sign-" + TOKEN)), 400)
                .body("errors.field", hasItem("subject.identifiers[0].value"));
        problem(TestData.submit(TestData.body(TOKEN + "x".repeat(260) + "@example.com")), 400)
                .body("errors.field", hasItem("subject.identifiers[0].value"));
    }

    @Test
    void unknownEnumConstantsNameTheField() {
        problem(TestData.submit("""
                {"type":"DELETE_%s","jurisdiction":"SE","subject":{"identifiers":[{"type":"EMAIL","value":"a@b.se"}]}}""".formatted(TOKEN)), 400).body("errors[0].field", equalTo("type"));
        problem(TestData.submit("""
                {"type":"ERASURE","jurisdiction":"XX%s","subject":{"identifiers":[{"type":"EMAIL","value":"a@b.se"}]}}""".formatted(TOKEN)), 400).body("errors[0].field", equalTo("jurisdiction"));
        problem(TestData.submit("""
                {"type":"ERASURE","jurisdiction":"SE","subject":{"identifiers":[{"type":"SSN_%s","value":"%s"}]}}""".formatted(TOKEN, TOKEN)), 400)
                .body("errors[0].field", equalTo("subject.identifiers[0].type"));
    }

    @Test
    void malformedJsonIs400() {
        problem(TestData.submit("{\"type\":\"ERASURE\",\"subject\":{\"identifiers\":[{\"value\":\"" + TOKEN), 400)
                .body("type", endsWith("/malformed-json"));
        problem(TestData.submit(""), 400).body("type", endsWith("/malformed-json"));
        problem(TestData.submit("[]"), 400).body("type", endsWith("/malformed-json"));
    }

    @Test
    void wrongContentTypeIs415() {
        problem(
                TestData.as(org.dsr.kit.security.Roles.SUBMITTER)
                        .contentType(ContentType.TEXT)
                        .body(TestData.body("a" + TOKEN + "@example.com"))
                        .when()
                        .post("/api/v1/requests")
                        .then(),
                415);
    }

    @Test
    void unknownRequestIs404() {
        String id = UUID.randomUUID().toString();
        problem(TestData.operator().get("/api/v1/requests/" + id).then(), 404);
        problem(
                TestData.operator()
                        .get("/api/v1/requests/" + id + "/completion")
                        .then(),
                404);
    }

    @Test
    void readinessAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/v1/requests/{id}/completion"));
    }

    private static io.restassured.response.ValidatableResponse problem(
            io.restassured.response.ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body(not(containsString(TOKEN)));
    }

    @AfterAll
    static void noIdentifierValueWasLogged() throws Exception {
        Path log = Path.of("target", "request-service-test.log");
        assertThat(log).exists();
        assertThat(Files.readString(log)).doesNotContainIgnoringCase(TOKEN);
    }
}
