package org.dsr.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.dsr.contracts.Topics;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.security.Roles;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestKafka;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "request_service_test"))
@RealInfrastructureTest
class IdempotencyAndOperatorsTest {

    static String email() {
        return "idem." + UUID.randomUUID().toString().substring(0, 8) + "@example.se";
    }

    static ExtractableResponse<Response> post(String role, String key, String body) {
        var spec = TestData.as(role).contentType(ContentType.JSON).body(body);
        if (key != null) {
            spec = spec.header("Idempotency-Key", key);
        }
        return spec.post("/api/v1/requests").then().extract();
    }

    @Test
    void sameKeySameBodyReplaysAndAnotherBodyIs422() {
        String key = "k-" + UUID.randomUUID();
        String body = TestData.body(email());
        ExtractableResponse<Response> first = post(Roles.SUBMITTER, key, body);
        assertThat(first.statusCode()).isEqualTo(202);
        ExtractableResponse<Response> again = post(Roles.SUBMITTER, key, body);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));

        ExtractableResponse<Response> other = post(Roles.SUBMITTER, key, TestData.body(email()));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(other.<String>path("type")).endsWith("/idempotency-key-reused");

        // keys are per caller: another submitter's same key is a new request
        ExtractableResponse<Response> stranger = TestData.as(Roles.SUBMITTER, "another-system")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(TestData.body(email()))
                .post("/api/v1/requests")
                .then()
                .extract();
        assertThat(stranger.statusCode()).isEqualTo(202);
        // and a bad key is a field error
        assertThat(post(Roles.SUBMITTER, "has space", body).statusCode()).isEqualTo(400);
    }

    @Test
    void aSecondOpenRequestForTheSameSubjectAndTypeReturnsTheFirst() throws Exception {
        String email = email();
        String id = post(Roles.SUBMITTER, null, TestData.body(email)).path("id");
        // the same person written differently is the same subject
        ExtractableResponse<Response> second = post(Roles.SUBMITTER, null, TestData.body(email.toUpperCase()));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.<String>path("id")).isEqualTo(id);
        assertThat(second.<Boolean>path("duplicate")).isTrue();
        assertThat(second.header("Dsr-Duplicate-Of-Open-Request")).isEqualTo("true");
        // another type is another request
        String restriction = TestData.body(email).replace("ERASURE", "RESTRICTION");
        ExtractableResponse<Response> other = post(Roles.SUBMITTER, null, restriction);
        assertThat(other.statusCode()).isEqualTo(202);
        String otherId = other.path("id");
        assertThat(TestData.count(
                        "select count(*) from dsr_request r join request_pseudonym p on p.request_id = r.id"
                                + " where r.id = ?",
                        UUID.fromString(id)))
                .isEqualTo(1);
        // one event only for the duplicated request: none for the duplicate before the later request's event (the
        // same subject, so the same partition)
        assertThat(ReadUntil.marker(
                        Topics.REQUESTS,
                        r -> r.value().contains(id),
                        r -> r.value().contains(otherId),
                        Duration.ofSeconds(30)))
                .hasSize(1);
    }

    @Test
    void anotherCallersSubmissionForTheSamePersonNeitherGetsNorRevealsTheOpenRequest() throws Exception {
        String email = email();
        String key = "same-key-" + UUID.randomUUID();
        ExtractableResponse<Response> a = TestData.as(Roles.SUBMITTER, "system-a")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(TestData.body(email))
                .post("/api/v1/requests")
                .then()
                .extract();
        assertThat(a.statusCode()).isEqualTo(202);
        String aId = a.path("id");

        // B sends the same person (written differently) with the same Idempotency-Key: a request of its own, answered
        // exactly as a first submission is (202, not duplicate, no duplicate header), nothing of A's in it
        ExtractableResponse<Response> b = TestData.as(Roles.SUBMITTER, "system-b")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(TestData.body(email.toUpperCase()))
                .post("/api/v1/requests")
                .then()
                .extract();
        assertThat(b.statusCode()).isEqualTo(202);
        String bId = b.path("id");
        assertThat(bId).isNotEqualTo(aId);
        assertThat(b.asString()).doesNotContain(aId).contains("\"duplicate\":false");
        assertThat(b.header("Location")).doesNotContain(aId);
        assertThat(b.header("Dsr-Duplicate-Of-Open-Request")).isNull();
        assertThat(b.header("Idempotent-Replayed")).isNull();
        assertThat(b.<String>path("receivedAt")).isNotEqualTo(a.<String>path("receivedAt"));
        // without a key too
        ExtractableResponse<Response> bAgainWithoutKey = TestData.as(Roles.SUBMITTER, "system-c")
                .contentType(ContentType.JSON)
                .body(TestData.body(email))
                .post("/api/v1/requests")
                .then()
                .extract();
        assertThat(bAgainWithoutKey.statusCode()).isEqualTo(202);
        assertThat(bAgainWithoutKey.asString()).doesNotContain(aId).doesNotContain(bId);
        // B follows its own request, and still cannot read A's
        TestData.as(Roles.SUBMITTER, "system-b")
                .get("/api/v1/requests/" + bId)
                .then()
                .statusCode(200);
        TestData.as(Roles.SUBMITTER, "system-b")
                .get("/api/v1/requests/" + aId)
                .then()
                .statusCode(404);

        // A's own retry still gets A's request: with the key a replay, without it the open request
        ExtractableResponse<Response> aReplay = TestData.as(Roles.SUBMITTER, "system-a")
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(TestData.body(email))
                .post("/api/v1/requests")
                .then()
                .extract();
        assertThat(aReplay.statusCode()).isEqualTo(202);
        assertThat(aReplay.asString()).isEqualTo(a.asString());
        ExtractableResponse<Response> aDuplicate = TestData.as(Roles.SUBMITTER, "system-a")
                .contentType(ContentType.JSON)
                .body(TestData.body(email))
                .post("/api/v1/requests")
                .then()
                .extract();
        assertThat(aDuplicate.statusCode()).isEqualTo(200);
        assertThat(aDuplicate.<String>path("id")).isEqualTo(aId);
        // so is B's: its own request, not A's
        ExtractableResponse<Response> bDuplicate = TestData.as(Roles.SUBMITTER, "system-b")
                .contentType(ContentType.JSON)
                .body(TestData.body(email))
                .post("/api/v1/requests")
                .then()
                .extract();
        assertThat(bDuplicate.statusCode()).isEqualTo(200);
        assertThat(bDuplicate.<String>path("id")).isEqualTo(bId);
    }

    @Test
    void operatorsListAndFilterSubmittersReadOnlyTheirOwn() {
        String mine = post(Roles.SUBMITTER, null, TestData.body(email())).path("id");
        String theirs = TestData.as(Roles.SUBMITTER, "someone-else")
                .contentType(ContentType.JSON)
                .body(TestData.body(email()))
                .post("/api/v1/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        TestData.as(Roles.SUBMITTER).get("/api/v1/requests/" + mine).then().statusCode(200);
        TestData.as(Roles.SUBMITTER)
                .get("/api/v1/requests/" + theirs)
                .then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
        TestData.as(Roles.SUBMITTER)
                .get("/api/v1/requests/" + theirs + "/completion")
                .then()
                .statusCode(404);

        TestData.operator()
                .queryParam("type", "ERASURE")
                .queryParam("jurisdiction", "SE")
                .queryParam("status", "RECEIVED")
                .queryParam("limit", "500")
                .get("/api/v1/requests")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(mine))
                .body("items.id", hasItem(theirs))
                .body("items.type", everyItem(equalTo("ERASURE")))
                .body("items.status", everyItem(equalTo("RECEIVED")))
                .body("total", greaterThanOrEqualTo(2))
                .body("items[0].dueAt", notNullValue())
                .body("items[0].extension", nullValue());
        TestData.operator()
                .queryParam("overdue", "true")
                .get("/api/v1/requests")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(mine)));
        TestData.operator()
                .queryParam("overdue", "false")
                .queryParam("limit", "500")
                .get("/api/v1/requests")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(mine));
        TestData.operator()
                .queryParam("status", "LOST")
                .queryParam("overdue", "maybe")
                .queryParam("limit", "0")
                .get("/api/v1/requests")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors.size()", equalTo(3));
    }

    @Test
    void operatorEnteredRequestWaitsForVerificationThenStarts() throws Exception {
        String email = email();
        String body = TestData.body(email).replace("\"subject\"", "\"verification\":\"PENDING\",\"subject\"");
        // only operators may enter a pending request
        assertThat(post(Roles.SUBMITTER, null, body).statusCode()).isEqualTo(403);
        ExtractableResponse<Response> created = post(Roles.OPERATOR, null, body);
        assertThat(created.statusCode()).isEqualTo(202);
        String id = created.path("id");
        assertThat(created.<String>path("status")).isEqualTo("PENDING_VERIFICATION");
        TestData.operator()
                .get("/api/v1/requests/" + id)
                .then()
                .body("status", equalTo("PENDING_VERIFICATION"))
                .body("verification", equalTo("PENDING"))
                .body("dueAt", notNullValue());
        // not announced while pending: nothing for it before a later request of the same subject is announced
        String later = post(Roles.SUBMITTER, null, TestData.body(email).replace("ERASURE", "RESTRICTION"))
                .path("id");
        assertThat(ReadUntil.marker(
                        Topics.REQUESTS,
                        r -> r.value().contains(id),
                        r -> r.value().contains(later),
                        Duration.ofSeconds(30)))
                .isEmpty();

        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        TestData.operator()
                .post("/api/v1/requests/" + id + "/verify")
                .then()
                .statusCode(200)
                .body("status", equalTo("RECEIVED"))
                .body("verification", equalTo("VERIFIED"));
        Instant after = Instant.now();
        assertThat(TestKafka.read(
                        Topics.REQUESTS, r -> r.value().contains(id), 1, Duration.ofSeconds(20), Duration.ZERO))
                .hasSize(1);
        // verified by this operator, at the time of the call
        assertThat(TestData.string("select verified_by from dsr_request where id = ?", UUID.fromString(id)))
                .isEqualTo("test-" + Roles.OPERATOR);
        Instant verifiedAt = Instant.parse(TestData.string(
                "select to_char(verified_at at time zone 'UTC',"
                        + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from dsr_request where id = ?",
                UUID.fromString(id)));
        assertThat(verifiedAt).isBetween(before, after);
        // a second verification is refused, and announces nothing more (the request after it is the marker)
        TestData.operator()
                .post("/api/v1/requests/" + id + "/verify")
                .then()
                .statusCode(409)
                .contentType(Problem.MEDIA_TYPE);
        String last = post(Roles.SUBMITTER, null, TestData.body(email).replace("ERASURE", "LIFT_RESTRICTION"))
                .path("id");
        assertThat(ReadUntil.marker(
                        Topics.REQUESTS,
                        r -> r.value().contains(id),
                        r -> r.value().contains(last),
                        Duration.ofSeconds(30)))
                .hasSize(1);
    }
}
