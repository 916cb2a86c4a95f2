package org.dsr.adapter.hosting;

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

import org.dsr.adapter.kit.datamap.IpGeneraliser;
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
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.testsupport.RealInfrastructureResource;

@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class, initArgs = {
        @ResourceArg(name = "database", value = "hosting_test"), @ResourceArg(name = "processors", value = "hosting") })
class HostingAdapterTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<CategoryCommand> ERASURE = List.of(new CategoryCommand("account", Action.ERASE),
            new CategoryCommand("profile", Action.ERASE), new CategoryCommand("sessions", Action.ERASE),
            new CategoryCommand("uploaded-files", Action.ERASE), new CategoryCommand("access-logs", Action.ANONYMISE));

    @Inject
    SubjectKeys keys;

    AdapterTestClient client;

    @BeforeEach
    void setUp() {
        client = new AdapterTestClient("hosting", "hosting_test", keys);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void readyWhenDatabaseAndKafkaAreReachable() {
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void erasesAliceAnonymisesHerAccessLogsAndLeavesTheControlSubjectAlone() {
        long alice = accountId(SampleSubjects.ALICE);
        long logsBefore = client.count("select count(*) from access_logs");
        long aliceLogs = client.count("select count(*) from access_logs where account_id = ? or device_id in"
                + " (select device_id from access_logs where account_id = ?)", alice, alice);
        assertThat(aliceLogs).isPositive();
        String carlBefore = snapshot(SampleSubjects.CARL);
        String unlinked = "select count(*) from access_logs where account_id is null and device_id is null";
        long unlinkedBefore = client.count(unlinked);

        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email("Alice@Example.com"), ERASURE);
        String eventId = client.send(command);
        List<ProcessorOutcomeV1> outcomes = client.awaitOutcomes(command.requestId(), 5, WAIT);

        assertThat(statuses(outcomes)).isEqualTo(Map.of("account", OutcomeStatus.ERASED, "profile",
                OutcomeStatus.ERASED, "sessions", OutcomeStatus.ERASED, "uploaded-files", OutcomeStatus.ERASED,
                "access-logs", OutcomeStatus.ANONYMISED));
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.processor()).isEqualTo("hosting");
            assertThat(o.commandId()).isEqualTo(command.commandId());
            assertThat(o.evidence().rowsAffected()).isPositive();
            assertThat(o.evidence().remainingMatches()).isZero();
            assertThat(o.evidence().verification()).doesNotContain("alice");
        });
        client.assertSigned(outcomes, RestAssured.get("/api/v1/keys").asString());
        java.nio.file.Path keysDir = java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("dsr.keys-dir", String.class));
        assertThat(keysDir.resolve("hosting.pub")).exists();
        assertThat(keysDir.resolve("hosting-signing.key")).exists();
        assertThat(byCategory(outcomes).get("access-logs").evidence().rowsAffected()).isEqualTo(aliceLogs);

        assertThat(client.count("select count(*) from accounts where email = ?", SampleSubjects.ALICE.email())).isZero();
        for (String table : List.of("profiles", "sessions", "uploaded_files", "access_logs")) {
            assertThat(client.count("select count(*) from " + table + " where account_id = ?", alice)).as(table)
                    .isZero();
        }
        // The logs stay (same total) but no longer identify her: no device id, IPs generalised.
        assertThat(client.count("select count(*) from access_logs")).isEqualTo(logsBefore);
        assertThat(client.count(unlinked)).isEqualTo(unlinkedBefore + aliceLogs);
        List<List<Object>> ips = client.rows("select ip from access_logs where device_id is null");
        assertThat(ips).isNotEmpty().allSatisfy(row -> assertThat(IpGeneraliser.isGeneralised((String) row.get(0)))
                .isTrue());
        assertThat(snapshot(SampleSubjects.CARL)).isEqualTo(carlBefore);

        // Redelivery of the same CloudEvent: no second set of outcomes, nothing changes.
        client.send(eventId, command);
        // A new dispatch for the same subject (same key, same partition, so processed after the redelivery).
        ProcessorCommandV1 again = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email("alice@example.com"), ERASURE);
        client.send(again);
        assertThat(client.awaitOutcomes(again.requestId(), 5, WAIT))
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.NOT_FOUND));
        assertThat(client.outcomes(command.requestId())).hasSize(5);
        assertThat(client.count("select count(*) from access_logs")).isEqualTo(logsBefore);
        assertThat(snapshot(SampleSubjects.CARL)).isEqualTo(carlBefore);
    }

    @Test
    void findsTheSubjectByPersonnummerAndAnswersUnknownCategories() {
        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.SE,
                List.of(new Identifier(IdentifierType.SE_PERSONNUMMER, SampleSubjects.ERIK.personnummer())),
                concat(ERASURE, new CategoryCommand("billing-history", Action.ERASE)));
        client.send(command);
        Map<String, ProcessorOutcomeV1> outcomes = byCategory(client.awaitOutcomes(command.requestId(), 6, WAIT));
        assertThat(outcomes.get("account").status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(outcomes.get("billing-history").status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcomes.get("billing-history").failure().retryable()).isFalse();
        assertThat(outcomes.get("billing-history").failure().reason()).isEqualTo("unknown category billing-history");
        assertThat(client.count("select count(*) from accounts where email = ?", SampleSubjects.ERIK.email())).isZero();
    }

    @Test
    void restrictsAndLiftsTheAccount() {
        SamplePerson bjorn = SampleSubjects.BJORN;
        ProcessorCommandV1 restrict = client.command(RequestType.RESTRICTION, Jurisdiction.SE,
                List.of(new Identifier(IdentifierType.USER_ID, bjorn.userId())),
                List.of(new CategoryCommand("account", Action.RESTRICT),
                        new CategoryCommand("sessions", Action.RESTRICT)));
        client.send(restrict);
        Map<String, ProcessorOutcomeV1> restricted = byCategory(client.awaitOutcomes(restrict.requestId(), 2, WAIT));
        assertThat(restricted.get("account").status()).isEqualTo(OutcomeStatus.RESTRICTED);
        assertThat(restricted.get("sessions").status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(restricted.get("sessions").failure().reason()).startsWith("action not supported");
        assertThat(client.count("select count(*) from accounts where user_id = ? and restricted", bjorn.userId()))
                .isEqualTo(1);

        // Restricted: sign-in and uploads (processing) are refused, nothing is written.
        long sessions = client.count("select count(*) from sessions");
        long uploads = client.count("select count(*) from uploaded_files");
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", bjorn.email()))
                .post("/api/v1/sessions").then().statusCode(423)
                .body("title", org.hamcrest.Matchers.equalTo("Processing restricted"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(bjorn.email())));
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", bjorn.userId(), "fileName", "cv.pdf",
                "contentType", "application/pdf", "sizeBytes", 1000)).post("/api/v1/uploads").then().statusCode(423);
        assertThat(client.count("select count(*) from sessions")).isEqualTo(sessions);
        assertThat(client.count("select count(*) from uploaded_files")).isEqualTo(uploads);
        // Someone else is not affected.
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", SampleSubjects.CARL.email()))
                .post("/api/v1/sessions").then().statusCode(201);

        ProcessorCommandV1 lift = client.command(RequestType.LIFT_RESTRICTION, Jurisdiction.SE,
                AdapterTestClient.email(bjorn.email()),
                List.of(new CategoryCommand("account", Action.LIFT_RESTRICTION)));
        client.send(lift);
        assertThat(client.awaitOutcomes(lift.requestId(), 1, WAIT).get(0).status()).isEqualTo(OutcomeStatus.LIFTED);
        assertThat(client.count("select count(*) from accounts where user_id = ? and not restricted",
                bjorn.userId())).isEqualTo(1);
        // Lifted: he can sign in again.
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", bjorn.email()))
                .post("/api/v1/sessions").then().statusCode(201);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", "nobody@example.org"))
                .post("/api/v1/sessions").then().statusCode(401);
    }

    @Test
    void deadLettersBadMessagesAndKeepsConsuming() {
        String garbage = "not a cloud event " + UUID.randomUUID();
        client.sendRaw("k-" + UUID.randomUUID(), garbage);
        ProcessorCommandV1 good = client.command(RequestType.ERASURE, Jurisdiction.DK,
                AdapterTestClient.email(SampleSubjects.FREJA.email()),
                List.of(new CategoryCommand("sessions", Action.ERASE)));
        // Encrypted for another request: cannot be decrypted, so it is poison too.
        ProcessorCommandV1 tampered = new ProcessorCommandV1(good.commandId(), UUID.randomUUID(), "hosting",
                good.requestType(), good.jurisdiction(), good.subject(), good.categories(), good.issuedAt(), 1);
        client.send(tampered);
        client.send(good);

        var dead = client.awaitDeadLetter(r -> garbage.equals(r.value()), WAIT);
        assertThat(AdapterTestClient.header(dead, "dead-letter-reason")).isNotBlank().doesNotContain(garbage);
        var undecryptable = client.awaitDeadLetter(r -> r.value().contains(tampered.requestId().toString()), WAIT);
        assertThat(AdapterTestClient.header(undecryptable, "dead-letter-reason"))
                .contains("subject identifiers cannot be decrypted");
        assertThat(client.awaitOutcomes(good.requestId(), 1, WAIT).get(0).status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(client.outcomes(tampered.requestId())).isEmpty();
    }

    private long accountId(SamplePerson person) {
        return client.count("select id from accounts where email = ?", person.email());
    }

    /** Everything the hosting store holds about a person, as text. */
    private String snapshot(SamplePerson person) {
        long id = accountId(person);
        return client.rows("select * from accounts where id = ?", id) + "|"
                + client.rows("select * from profiles where account_id = ?", id) + "|"
                + client.rows("select * from sessions where account_id = ? order by id", id) + "|"
                + client.rows("select * from uploaded_files where account_id = ? order by id", id) + "|"
                + client.rows("select * from access_logs where account_id = ? order by id", id);
    }

    static Map<String, OutcomeStatus> statuses(List<ProcessorOutcomeV1> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(ProcessorOutcomeV1::category, ProcessorOutcomeV1::status));
    }

    static Map<String, ProcessorOutcomeV1> byCategory(List<ProcessorOutcomeV1> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(ProcessorOutcomeV1::category, o -> o));
    }

    static <T> List<T> concat(List<T> list, T item) {
        return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(item)).toList();
    }
}
