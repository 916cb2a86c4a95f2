package org.dsr.adapter.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.dsr.adapter.kit.sample.SamplePerson;
import org.dsr.adapter.kit.sample.SampleSubjects;
import org.dsr.adapter.kit.testing.PlatformApiTestKey;
import org.dsr.kit.problem.Problem;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mail platform as what it is: the processor's own system (contacts, imports, sends, the suppression list), with
 * no command path and no broker. Its erasure and restriction are the privacy API's (PrivacyApiResourceTest, driven
 * by the connector's template); here: what the platform itself refuses once the state they leave is there.
 */
@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = {
            @ResourceArg(name = "database", value = "email_delivery_test"),
            @ResourceArg(name = "kafka", value = "false")
        })
@RealInfrastructureTest
class EmailDeliveryOwnSystemTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SuppressionHasher hasher;

    EmailStore store;

    @BeforeEach
    void setUp() {
        store = new EmailStore(dataSource);
    }

    @Test
    void readyWithoutKafkaAndWithoutACommandPath() {
        // kafka.bootstrap.servers points at a port nothing listens on
        RestAssured.get("/q/health/ready").then().statusCode(200);
        RestAssured.get("/api/v1/keys").then().statusCode(404);
        // the sample data is loaded (dsr.sample-data.people=1100 in tests), the control subject among it
        assertThat(store.count("select count(*) from contacts where email = ?", SampleSubjects.CARL.email()))
                .isOne();
    }

    @Test
    void aSuppressedAddressIsNeitherImportedNorSentToInAnySpellingAndIsAnsweredAsAnUnknownOne() {
        String address = "gone." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        store.execute(
                "insert into suppression_list (address_hash, reason) values (?, 'erasure')", hasher.hash(address));
        String unknown = "never." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";

        // a send: the erased address gets exactly what an address nobody ever had gets
        Response erasedSend = send(address);
        Response unknownSend = send(unknown);
        assertThat(erasedSend.statusCode()).isEqualTo(404).isEqualTo(unknownSend.statusCode());
        assertThat(erasedSend.contentType()).isEqualTo(unknownSend.contentType());
        assertThat(erasedSend.asString()).isEqualTo(unknownSend.asString()).doesNotContain(address);
        assertThat(store.count("select count(*) from delivery_logs where recipient = ?", address))
                .isZero();

        // an import: accepted alike whether new, present or suppressed; the suppressed one is not stored
        Response erasedImport = importContact(address.toUpperCase(java.util.Locale.ROOT));
        Response newImport = importContact(unknown);
        Response presentImport = importContact(SampleSubjects.CARL.email());
        assertThat(erasedImport.statusCode()).isEqualTo(202);
        assertThat(List.of(newImport.statusCode(), presentImport.statusCode())).containsOnly(202);
        assertThat(List.of(newImport.asString(), presentImport.asString())).containsOnly(erasedImport.asString());
        assertThat(erasedImport.asString()).doesNotContain(address);
        assertThat(store.count("select count(*) from contacts where lower(email) = ?", address))
                .isZero();
        assertThat(store.count("select count(*) from contacts where email = ?", unknown))
                .isOne();
        // the newcomer now receives mail
        send(unknown).then().statusCode(201);
    }

    @Test
    void sendsAndImportsRefuseACallerWithoutThePlatformsKeyAndWriteNothing() {
        String newcomer = "keyless." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        long logs = store.count("select count(*) from delivery_logs");
        for (String key : new String[] {null, "", "wrong-" + PlatformApiTestKey.KEY}) {
            var spec = RestAssured.given().contentType(ContentType.JSON);
            if (key != null) {
                spec = spec.header(PlatformApiTestKey.HEADER, key);
            }
            spec.body(Map.of("email", SampleSubjects.CARL.email(), "subjectLine", "x"))
                    .post("/api/v1/sends")
                    .then()
                    .statusCode(401)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("title", equalTo("Unauthorized"));
            RestAssured.given()
                    .contentType(ContentType.JSON)
                    .header(PlatformApiTestKey.HEADER, String.valueOf(key))
                    .body(Map.of("email", newcomer))
                    .post("/contacts/imports")
                    .then()
                    .statusCode(401)
                    .contentType(Problem.MEDIA_TYPE)
                    .body(not(containsString(newcomer)));
        }
        assertThat(store.count("select count(*) from delivery_logs")).isEqualTo(logs);
        assertThat(store.count("select count(*) from contacts where email = ?", newcomer))
                .isZero();
    }

    @Test
    void aRestrictedContactReceivesNothingUntilTheRestrictionIsLifted() {
        SamplePerson bjorn = SampleSubjects.BJORN;
        String sent = "select count(*) from delivery_logs where recipient = ? and event = 'sent'";
        long before = store.count(sent, bjorn.email());
        // restricted as the privacy API's PUT /privacy/v1/contacts/{id}/restriction leaves it
        assertThat(store.execute("update contacts set suppressed = true where email = ?", bjorn.email()))
                .isOne();

        send(bjorn.email())
                .then()
                .statusCode(423)
                .body("title", equalTo("Processing restricted"))
                .body(not(containsString(bjorn.email())));
        assertThat(store.count(sent, bjorn.email())).isEqualTo(before);
        // others still receive mail
        send(SampleSubjects.CARL.email()).then().statusCode(201);

        assertThat(store.execute("update contacts set suppressed = false where email = ?", bjorn.email()))
                .isOne();
        send(bjorn.email()).then().statusCode(201);
        assertThat(store.count(sent, bjorn.email())).isEqualTo(before + 1);
    }

    private static Response importContact(String address) {
        return RestAssured.given()
                .header(PlatformApiTestKey.HEADER, PlatformApiTestKey.KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("email", address, "firstName", "Test"))
                .post("/contacts/imports");
    }

    private static Response send(String address) {
        return RestAssured.given()
                .header(PlatformApiTestKey.HEADER, PlatformApiTestKey.KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("email", address, "subjectLine", "March newsletter"))
                .post("/api/v1/sends");
    }
}
