package org.dsr.adapter.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

import org.dsr.adapter.kit.sample.SamplePerson;
import org.dsr.adapter.kit.sample.SampleSubjects;
import org.dsr.adapter.kit.testing.AdapterTestClient;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.testsupport.RealInfrastructureResource;

@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class, initArgs = {
        @ResourceArg(name = "database", value = "email_delivery_test"), @ResourceArg(name = "processors", value = "email-delivery") })
class EmailDeliveryAdapterTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<CategoryCommand> ERASURE = List.of(new CategoryCommand("contact", Action.ERASE),
            new CategoryCommand("list-memberships", Action.ERASE), new CategoryCommand("consent", Action.ERASE),
            new CategoryCommand("delivery-logs", Action.ERASE),
            new CategoryCommand("suppression-list", Action.RETAIN));

    @Inject
    SubjectKeys keys;

    @Inject
    SuppressionHasher hasher;

    AdapterTestClient client;

    @BeforeEach
    void setUp() {
        client = new AdapterTestClient("email-delivery", "email_delivery_test", keys);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void erasesAliceKeepsOnlyAHashedSuppressionEntryAndRefusesHerReimport() {
        SamplePerson alice = SampleSubjects.ALICE;
        String carlBefore = snapshot(SampleSubjects.CARL);
        long suppressedBefore = client.count("select count(*) from suppression_list");

        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email(alice.email()), ERASURE);
        String eventId = client.send(command);
        Map<String, ProcessorOutcomeV1> outcomes = byCategory(client.awaitOutcomes(command.requestId(), 5, WAIT));

        assertThat(outcomes.values().stream().collect(Collectors.toMap(ProcessorOutcomeV1::category,
                ProcessorOutcomeV1::status))).isEqualTo(Map.of("contact", OutcomeStatus.ERASED, "list-memberships",
                        OutcomeStatus.ERASED, "consent", OutcomeStatus.ERASED, "delivery-logs", OutcomeStatus.ERASED,
                        "suppression-list", OutcomeStatus.RETAINED));
        assertThat(outcomes.values()).allSatisfy(o -> {
            assertThat(o.evidence().rowsAffected()).isPositive();
            assertThat(o.evidence().remainingMatches()).isZero();
        });
        client.assertSigned(List.copyOf(outcomes.values()), RestAssured.get("/api/v1/keys").asString());
        ProcessorOutcomeV1 suppression = outcomes.get("suppression-list");
        assertThat(suppression.retention().legalBasis()).isEqualTo(SuppressionListHandler.LEGAL_BASIS);
        assertThat(suppression.retention().retainUntil()).isNull();
        assertThat(suppression.retention().handles()).hasSize(1).allMatch(h -> h.startsWith("suppression:"));

        assertThat(client.count("select count(*) from contacts where email = ?", alice.email())).isZero();
        assertThat(client.count("select count(*) from list_memberships where contact_id = ?", alice.number()))
                .isZero();
        assertThat(client.count("select count(*) from consent_records where contact_id = ?", alice.number()))
                .isZero();
        assertThat(client.count("select count(*) from delivery_logs where recipient = ? or contact_id = ?",
                alice.email(), alice.number())).isZero();
        assertThat(client.count("select count(*) from suppression_list")).isEqualTo(suppressedBefore + 1);
        assertThat(client.count("select count(*) from suppression_list where address_hash = ?",
                hasher.hash(alice.email()))).isEqualTo(1);
        assertThat(snapshot(SampleSubjects.CARL)).isEqualTo(carlBefore);

        // A later import cannot bring her back; someone new can be imported.
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("email", "ALICE@example.com",
                "firstName", "Alice")).post("/contacts/imports").then().statusCode(409);
        assertThat(client.count("select count(*) from contacts where email = ?", alice.email())).isZero();
        String newcomer = "new." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("email", newcomer))
                .post("/contacts/imports").then().statusCode(201);
        assertThat(client.count("select count(*) from contacts where email = ?", newcomer)).isEqualTo(1);
        // Nothing is sent to her either.
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("email", alice.email(), "subjectLine", "Hi"))
                .post("/api/v1/sends").then().statusCode(409);
        assertThat(client.count("select count(*) from delivery_logs where recipient = ?", alice.email())).isZero();

        // Redelivery: nothing new. A re-dispatch (same key, after it): contact gone, suppression still retained.
        client.send(eventId, command);
        ProcessorCommandV1 again = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email(alice.email()), ERASURE);
        client.send(again);
        Map<String, ProcessorOutcomeV1> second = byCategory(client.awaitOutcomes(again.requestId(), 5, WAIT));
        assertThat(second.get("contact").status()).isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(second.get("suppression-list").status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(client.outcomes(command.requestId())).hasSize(5);
        assertThat(client.count("select count(*) from suppression_list")).isEqualTo(suppressedBefore + 1);
    }

    @Test
    void restrictsAndLiftsByTheSuppressedFlag() {
        SamplePerson bjorn = SampleSubjects.BJORN;
        ProcessorCommandV1 restrict = client.command(RequestType.RESTRICTION, Jurisdiction.SE,
                AdapterTestClient.email(bjorn.email()), List.of(new CategoryCommand("contact", Action.RESTRICT)));
        client.send(restrict);
        assertThat(client.awaitOutcomes(restrict.requestId(), 1, WAIT).get(0).status())
                .isEqualTo(OutcomeStatus.RESTRICTED);
        assertThat(client.count("select count(*) from contacts where email = ? and suppressed", bjorn.email()))
                .isEqualTo(1);
        // Restricted: every send is refused and nothing is logged; others still receive mail.
        String sent = "select count(*) from delivery_logs where recipient = ? and event = 'sent'";
        long before = client.count(sent, bjorn.email());
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("email", bjorn.email(), "subjectLine",
                "March newsletter")).post("/api/v1/sends").then().statusCode(423)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(bjorn.email())));
        assertThat(client.count(sent, bjorn.email())).isEqualTo(before);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("email", SampleSubjects.CARL.email(),
                "subjectLine", "March newsletter")).post("/api/v1/sends").then().statusCode(201);
        ProcessorCommandV1 lift = client.command(RequestType.LIFT_RESTRICTION, Jurisdiction.SE,
                AdapterTestClient.email(bjorn.email()),
                List.of(new CategoryCommand("contact", Action.LIFT_RESTRICTION)));
        client.send(lift);
        assertThat(client.awaitOutcomes(lift.requestId(), 1, WAIT).get(0).status()).isEqualTo(OutcomeStatus.LIFTED);
        // Lifted: sending works again.
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("email", bjorn.email(), "subjectLine",
                "April newsletter")).post("/api/v1/sends").then().statusCode(201);
        assertThat(client.count(sent, bjorn.email())).isEqualTo(before + 1);
    }

    @Test
    void deadLettersBadMessagesAndKeepsConsuming() {
        String garbage = "{\"specversion\":\"1.0\",\"garbage\":\"" + UUID.randomUUID() + "\"}";
        client.sendRaw("k", garbage);
        ProcessorCommandV1 good = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email("nobody.here@example.org"), ERASURE);
        client.send(good);
        var dead = client.awaitDeadLetter(r -> garbage.equals(r.value()), WAIT);
        assertThat(AdapterTestClient.header(dead, "dead-letter-reason")).isNotBlank();
        // Unknown to this store: everything NOT_FOUND, and no suppression entry for an address never held.
        assertThat(client.awaitOutcomes(good.requestId(), 5, WAIT))
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.NOT_FOUND));
        assertThat(client.count("select count(*) from suppression_list where address_hash = ?",
                hasher.hash("nobody.here@example.org"))).isZero();
    }

    private String snapshot(SamplePerson person) {
        return client.rows("select * from contacts where email = ?", person.email()) + "|"
                + client.rows("select * from list_memberships where contact_id = ? order by list_id", person.number())
                + "|" + client.rows("select * from consent_records where contact_id = ? order by id", person.number())
                + "|" + client.rows("select * from delivery_logs where recipient = ? order by id", person.email());
    }

    static Map<String, ProcessorOutcomeV1> byCategory(List<ProcessorOutcomeV1> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(ProcessorOutcomeV1::category, o -> o));
    }
}
