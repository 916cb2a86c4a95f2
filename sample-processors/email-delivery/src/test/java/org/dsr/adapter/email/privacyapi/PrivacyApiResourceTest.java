package org.dsr.adapter.email.privacyapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import io.restassured.specification.RequestSpecification;
import org.dsr.adapter.email.EmailStore;
import org.dsr.adapter.email.SuppressionHasher;
import org.dsr.adapter.kit.testing.PlatformApiTestKey;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The privacy API called exactly as {@code privacy-api/template.yaml} calls it (same methods, paths and bodies, in
 * the template's order), on the real store: each category's find, act and verify, with the data map's semantics.
 * No answer may hold the address.
 */
@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = {
            @ResourceArg(name = "database", value = "email_delivery_test"),
            @ResourceArg(name = "kafka", value = "false")
        })
@RealInfrastructureTest
class PrivacyApiResourceTest {

    static final String KEY_FILE = "src/test/resources/privacy-api/test.key";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SuppressionHasher hasher;

    EmailStore client;
    String key;
    /** Every answer body, checked for the addresses at the end of each test. */
    final List<String> answers = new ArrayList<>();

    final List<String> addresses = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        client = new EmailStore(dataSource);
        key = Files.readString(Path.of(KEY_FILE)).strip();
    }

    @AfterEach
    void noAnswerHoldsAnAddress() {
        assertThat(answers).isNotEmpty();
        for (String answer : answers) {
            for (String address : addresses) {
                assertThat(answer.toLowerCase(Locale.ROOT))
                        .doesNotContain(address.toLowerCase(Locale.ROOT))
                        .doesNotContain(address.toLowerCase(Locale.ROOT).replace("@", "%40"));
            }
        }
    }

    // ----- the template's requests

    RequestSpecification api() {
        return RestAssured.given().header("X-Api-Key", key).contentType(ContentType.JSON);
    }

    Response call(RequestSpecification request, String method, String path) {
        Response response = request.request(method, path);
        answers.add(response.asString());
        return response;
    }

    /** {@code POST <path>} with body {@code {email: "{EMAIL}"}}: every search, and the suppression act. */
    Response byEmail(String path, String address) {
        return call(api().body(Map.of("email", address)), "POST", path);
    }

    List<String> ids(Response search) {
        assertThat(search.statusCode()).isEqualTo(200);
        return search.jsonPath().getList("data.id", String.class);
    }

    /** {@code POST <path>} with body {@code {ids: "{ids}"}}: the connector fills in the ids comma-separated. */
    Response deleteIds(String path, List<String> ids) {
        return call(api().body(Map.of("ids", String.join(",", ids))), "POST", path);
    }

    Response send(String address) {
        Response response = RestAssured.given()
                .header(PlatformApiTestKey.HEADER, PlatformApiTestKey.KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("email", address, "subjectLine", "News"))
                .post("/api/v1/sends");
        answers.add(response.asString());
        return response;
    }

    // ----- a person of the platform

    record Person(String email, long contact) {}

    /** A contact with 2 list memberships, 2 consent records, 3 logs by contact and 1 by recipient address only. */
    Person person() {
        String email = "privacy." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        addresses.add(email);
        long contact = ((Number) client.rows(
                                "insert into contacts (email, first_name, source) values (?, 'Pia',"
                                        + " 'test') returning id",
                                email)
                        .get(0)
                        .get(0))
                .longValue();
        for (long list = 1; list <= 2; list++) {
            client.execute(
                    "insert into list_memberships (contact_id, list_id, subscribed_at) values (?, ?, now())",
                    contact,
                    list);
            client.execute(
                    "insert into consent_records (contact_id, purpose, granted, ip, recorded_at)"
                            + " values (?, 'newsletter', true, '192.0.2.7', now())",
                    contact);
        }
        for (String event : List.of("sent", "delivered", "opened")) {
            client.execute(
                    "insert into delivery_logs (contact_id, recipient, message_id, subject_line, event, at)"
                            + " values (?, ?, 'm1', 'News', ?, now())",
                    contact,
                    email,
                    event);
        }
        client.execute(
                "insert into delivery_logs (contact_id, recipient, message_id, subject_line, event, at)"
                        + " values (null, ?, 'm0', 'Welcome', 'bounced', now())",
                email);
        return new Person(email, contact);
    }

    long suppressions(String email) {
        return client.count("select count(*) from suppression_list where address_hash = ?", hasher.hash(email));
    }

    // ----- tests

    @Test
    void anErasureInTheTemplatesOrderLeavesOnlyTheSuppressionEntry() {
        Person pia = person();
        Person other = person();
        long othersRecords = records(other);

        // suppression-list RETAIN: find, act, verify (present)
        Response found = byEmail("/privacy/v1/suppression-list/search", pia.email());
        List<String> entry = ids(found);
        assertThat(entry).hasSize(1).allMatch(id -> id.matches("sup_[0-9a-f]{24}"));
        assertThat(found.jsonPath().getBoolean("suppressed")).isFalse();
        Response added = byEmail("/privacy/v1/suppression-list", pia.email());
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.jsonPath().getString("id")).isEqualTo(entry.get(0));
        assertThat(added.jsonPath().getBoolean("added")).isTrue();
        Response verified = byEmail("/privacy/v1/suppression-list/search", pia.email());
        assertThat(verified.jsonPath().getBoolean("suppressed")).isTrue();
        assertThat(ids(verified)).isEqualTo(entry);
        assertThat(suppressions(pia.email())).isEqualTo(1);
        // a second erasure of the same address: the same entry, nothing added
        assertThat(byEmail("/privacy/v1/suppression-list", pia.email())
                        .jsonPath()
                        .getBoolean("added"))
                .isFalse();
        assertThat(suppressions(pia.email())).isEqualTo(1);

        // list-memberships, consent, delivery-logs ERASE: find, act on all ids at once, find again (nothing)
        erase("list-memberships", pia, 2);
        erase("consent-records", pia, 2);
        erase("delivery-logs", pia, 4); // 3 by contact, 1 by recipient address only

        // contact ERASE last: find, act per id, find again
        List<String> contact = ids(byEmail("/privacy/v1/contacts/search", pia.email()));
        assertThat(contact).containsExactly(Long.toString(pia.contact()));
        assertThat(call(api(), "DELETE", "/privacy/v1/contacts/" + contact.get(0))
                        .statusCode())
                .isEqualTo(204);
        assertThat(ids(byEmail("/privacy/v1/contacts/search", pia.email()))).isEmpty();
        // asked again (a retry): already gone
        assertThat(call(api(), "DELETE", "/privacy/v1/contacts/" + contact.get(0))
                        .statusCode())
                .isEqualTo(404);

        assertThat(client.count("select count(*) from contacts where email = ?", pia.email()))
                .isZero();
        assertThat(client.count(
                        "select count(*) from delivery_logs where recipient = ? or contact_id = ?",
                        pia.email(),
                        pia.contact()))
                .isZero();
        assertThat(records(other)).isEqualTo(othersRecords);
        // the entry outlives the contact: still found (known by its entry) and suppressed; nothing is sent to her, and
        // the send API answers as for an address it never had
        Response after = byEmail("/privacy/v1/suppression-list/search", pia.email());
        assertThat(ids(after)).isEqualTo(entry);
        assertThat(after.jsonPath().getBoolean("suppressed")).isTrue();
        assertThat(send(pia.email()).statusCode()).isEqualTo(404);
        assertThat(client.count("select count(*) from delivery_logs where recipient = ?", pia.email()))
                .isZero();
        assertThat(send(other.email()).statusCode()).isEqualTo(201);
    }

    private void erase(String kind, Person person, int expected) {
        List<String> found = ids(byEmail("/privacy/v1/" + kind + "/search", person.email()));
        assertThat(found).hasSize(expected);
        Response deleted = deleteIds("/privacy/v1/" + kind + "/delete", found);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.jsonPath().getLong("deleted")).isEqualTo(expected);
        assertThat(ids(byEmail("/privacy/v1/" + kind + "/search", person.email())))
                .isEmpty();
        // asked again (a retry after the vendor acted): already gone
        assertThat(deleteIds("/privacy/v1/" + kind + "/delete", found).statusCode())
                .isEqualTo(404);
    }

    private long records(Person p) {
        return client.count(
                "select (select count(*) from list_memberships where contact_id = ?)"
                        + " + (select count(*) from consent_records where contact_id = ?)"
                        + " + (select count(*) from delivery_logs where contact_id = ? or recipient = ?)"
                        + " + (select count(*) from contacts where id = ?)",
                p.contact(),
                p.contact(),
                p.contact(),
                p.email(),
                p.contact());
    }

    @Test
    void theContactIsNotDeletedWhileRecordsStillReferenceIt() {
        Person pia = person();
        String id = ids(byEmail("/privacy/v1/contacts/search", pia.email())).get(0);

        Response refused = call(api(), "DELETE", "/privacy/v1/contacts/" + id);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(client.count("select count(*) from contacts where id = ?", pia.contact()))
                .isEqualTo(1);
    }

    @Test
    void restrictionAndItsLift() {
        Person pia = person();
        // RESTRICT: find, act per id, verify (present)
        Response found = byEmail("/privacy/v1/contacts/search", pia.email());
        List<String> ids = ids(found);
        assertThat(found.jsonPath().getBoolean("data[0].restricted")).isFalse();
        String restriction = "/privacy/v1/contacts/" + ids.get(0) + "/restriction";
        assertThat(call(api(), "GET", restriction).statusCode()).isEqualTo(404);
        Response restricted = call(api(), "PUT", restriction);
        assertThat(restricted.statusCode()).isEqualTo(200);
        assertThat(restricted.jsonPath().getBoolean("restricted")).isTrue();
        assertThat(call(api(), "GET", restriction).statusCode()).isEqualTo(200);
        assertThat(client.count("select count(*) from contacts where id = ? and suppressed", pia.contact()))
                .isEqualTo(1);
        assertThat(send(pia.email()).statusCode()).isEqualTo(423);
        // asked again: still 200 (the data map counts the contact again too)
        assertThat(call(api(), "PUT", restriction).statusCode()).isEqualTo(200);

        // LIFT_RESTRICTION: find, act per id, verify (gone)
        assertThat(ids(byEmail("/privacy/v1/contacts/search", pia.email()))).isEqualTo(ids);
        assertThat(call(api(), "DELETE", restriction).statusCode()).isEqualTo(204);
        assertThat(call(api(), "GET", restriction).statusCode()).isEqualTo(404);
        assertThat(send(pia.email()).statusCode()).isEqualTo(201);
        assertThat(call(api(), "DELETE", restriction).statusCode()).isEqualTo(204);

        // an unknown contact
        assertThat(call(api(), "PUT", "/privacy/v1/contacts/999999999/restriction")
                        .statusCode())
                .isEqualTo(404);
        assertThat(call(api(), "DELETE", "/privacy/v1/contacts/999999999/restriction")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void onlyAnAddressThePlatformKnewIsSuppressed() {
        String stranger = "stranger." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        addresses.add(stranger);

        Response found = byEmail("/privacy/v1/suppression-list/search", stranger);
        assertThat(ids(found)).isEmpty();
        assertThat(found.jsonPath().getBoolean("suppressed")).isFalse();
        Response refused = byEmail("/privacy/v1/suppression-list", stranger);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(suppressions(stranger)).isZero();
        for (String kind : List.of("contacts", "list-memberships", "consent-records", "delivery-logs")) {
            assertThat(ids(byEmail("/privacy/v1/" + kind + "/search", stranger)))
                    .isEmpty();
        }

        // known by a delivery log alone (no contact): suppressed, matched in any spelling of the address
        String bounced = "bounced." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        addresses.add(bounced);
        client.execute(
                "insert into delivery_logs (recipient, message_id, subject_line, event, at)"
                        + " values (?, 'm2', 'Hi', 'bounced', now())",
                bounced);
        assertThat(ids(byEmail("/privacy/v1/suppression-list/search", bounced.toUpperCase(Locale.ROOT))))
                .hasSize(1);
        assertThat(byEmail("/privacy/v1/suppression-list", bounced).statusCode())
                .isEqualTo(200);
        assertThat(suppressions(bounced)).isEqualTo(1);
        assertThat(ids(byEmail("/privacy/v1/delivery-logs/search", bounced))).hasSize(1);
    }

    @Test
    void badIdsAreRefusedAndUnknownOnesAreNotFound() {
        Response malformed = deleteIds("/privacy/v1/delivery-logs/delete", List.of("1", "drop table"));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(deleteIds("/privacy/v1/list-memberships/delete", List.of("12"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(deleteIds("/privacy/v1/consent-records/delete", List.of("999999999"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(deleteIds("/privacy/v1/list-memberships/delete", List.of("999999999-1"))
                        .statusCode())
                .isEqualTo(404);
        Response noAddress = call(api().body(Map.of("email", "not an address")), "POST", "/privacy/v1/contacts/search");
        assertThat(noAddress.statusCode()).isEqualTo(400);
        assertThat(noAddress.asString()).doesNotContain("not an address");
    }

    @Test
    void withoutTheRightKeyEveryRequestIs401() {
        Person pia = person();
        for (RequestSpecification request : List.of(
                RestAssured.given(),
                RestAssured.given().header("X-Api-Key", "wrong"),
                RestAssured.given().header("X-Api-Key", key + "x"),
                RestAssured.given().header("Authorization", "Bearer " + key))) {
            Response search = call(
                    request.contentType(ContentType.JSON).body(Map.of("email", pia.email())),
                    "POST",
                    "/privacy/v1/contacts/search");
            assertThat(search.statusCode()).isEqualTo(401);
            assertThat(search.contentType()).startsWith("application/problem+json");
            assertThat(search.jsonPath().getInt("status")).isEqualTo(401);
        }
        assertThat(call(RestAssured.given(), "DELETE", "/privacy/v1/contacts/" + pia.contact())
                        .statusCode())
                .isEqualTo(401);
        assertThat(call(RestAssured.given(), "PUT", "/privacy/v1/contacts/" + pia.contact() + "/restriction")
                        .statusCode())
                .isEqualTo(401);
        assertThat(call(
                                RestAssured.given()
                                        .contentType(ContentType.JSON)
                                        .body(Map.of("email", pia.email())),
                                "POST",
                                "/privacy/v1/suppression-list")
                        .statusCode())
                .isEqualTo(401);
        assertThat(client.count("select count(*) from contacts where id = ? and not suppressed", pia.contact()))
                .isEqualTo(1);
        assertThat(suppressions(pia.email())).isZero();
    }
}
