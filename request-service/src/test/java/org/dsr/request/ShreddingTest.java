package org.dsr.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jakarta.inject.Inject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dsr.contracts.Topics;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.security.Roles;
import org.dsr.request.shred.Shredder;
import org.dsr.request.shred.ShreddingConfig;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-request data keys from the audited key endpoint; after closing and the grace period (by the service's clock,
 * which the test moves) the key and the ciphertext are destroyed, nothing decrypts any more, and compliance still
 * finds the completion record.
 */
@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "request_service_test"))
@RealInfrastructureTest
class ShreddingTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Shredder shredder;

    @Inject
    TestClock clock;

    @Inject
    ShreddingConfig grace;

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    @Test
    void closedRequestsAreShreddedAfterTheGracePeriodAndStillFoundByCompliance() throws Exception {
        String marker = "zs" + UUID.randomUUID().toString().substring(0, 8);
        String email = "Shred." + marker + "@Example.se";
        String id = TestData.submit("""
                {"type":"ERASURE","jurisdiction":"SE","subject":{"identifiers":[
                  {"type":"EMAIL","value":"%s"},{"type":"PHONE","value":"+46 70 %s"}]}}""".formatted(email, "123 45 67"))
                .statusCode(202)
                .extract()
                .path("id");
        ConsumerRecord<String, String> published = TestKafka.read(
                        Topics.REQUESTS, r -> r.value().contains(id), 1, WAIT, Duration.ZERO)
                .get(0);
        RequestSubmittedV1 event = EventCodec.decode(published.value()).dataAs(RequestSubmittedV1.class);
        EncryptedIdentifiers encrypted = event.subject().identifiers();
        assertThat(published.value().toLowerCase(Locale.ROOT))
                .doesNotContain(marker)
                .doesNotContain("701234567");

        // the adapter's view: fetch the key (audited), decrypt
        assertThat(TestData.decrypt(encrypted, id)).hasSize(2);
        assertThat(TestData.count(
                        "select count(*) from data_key_access where key_id = ? and accessed_by ="
                                + " 'test-adapter' and result = 'GRANTED' and processor = 'hosting'",
                        encrypted.keyId()))
                .isEqualTo(1);
        // a batch of commands fetches its keys in one call: each key audited as a single fetch is
        String unknown = "dk-" + UUID.randomUUID();
        EncryptedIdentifiers unknownKey =
                new EncryptedIdentifiers(unknown, encrypted.algorithm(), encrypted.nonce(), encrypted.ciphertext());
        TestData.fetchKeys(
                        TestData.adapterFor(TestData.PROCESSOR),
                        List.of(
                                TestData.commandFor(
                                        unknownKey, UUID.randomUUID().toString(), TestData.PROCESSOR),
                                TestData.commandFor(encrypted, id, TestData.PROCESSOR)))
                .statusCode(200)
                .body("keys.size()", equalTo(1))
                .body("keys[0].keyId", equalTo(encrypted.keyId()))
                .body("keys[0].requestId", equalTo(id))
                .body("unavailable." + unknown, equalTo("UNKNOWN"));
        assertThat(TestData.count(
                        "select count(*) from data_key_access where key_id = ? and accessed_by ="
                                + " 'test-adapter' and result = 'GRANTED'",
                        encrypted.keyId()))
                .isEqualTo(2);
        assertThat(TestData.count(
                        "select count(*) from data_key_access where key_id = ? and result = 'UNKNOWN'", unknown))
                .isEqualTo(1);
        // a compliance look-up by the second identifier, written another way, finds it too
        lookup("PHONE", "0046701234567").body("requests[0].requestId", equalTo(id));

        // not closed yet: nothing is shredded however long we wait
        clock.set(Instant.now().plus(Duration.ofDays(400)));
        shredder.shredDue().await().indefinitely();
        assertThat(TestData.count(
                        "select count(*) from dsr_request where id = ? and shredded_at is null"
                                + " and identifiers_ciphertext is not null",
                        UUID.fromString(id)))
                .isEqualTo(1);
        assertThat(TestData.count(
                        "select count(*) from data_key where key_id = ? and wrapped_key is not null",
                        encrypted.keyId()))
                .isEqualTo(1);
        clock.reset();

        // closed by its completion record
        CompletionRecordV1 record = TestChain.append(new CompletionRecordV1(
                UUID.randomUUID(),
                0,
                1,
                UUID.fromString(id),
                RequestType.ERASURE,
                Jurisdiction.SE,
                event.subject().pseudonym(),
                event.receivedAt(),
                event.dueAt(),
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                "COMPLETED",
                List.of(),
                List.of(new CompletionRecordV1.RetainedCategory(
                        "payments", "invoices", "Bokföringslagen", LocalDate.of(2032, 12, 31))),
                null,
                null));
        TestKafka.publish(
                Topics.COMPLETIONS,
                event.subject().pseudonym(),
                EventCodec.encode(
                        UUID.randomUUID().toString(),
                        CompletionRecordV1.TYPE,
                        URI.create("/test"),
                        event.subject().pseudonym(),
                        Instant.now(),
                        record));
        await().atMost(WAIT)
                .untilAsserted(() ->
                        TestData.operator().get("/api/v1/requests/" + id).then().body("status", equalTo("COMPLETED")));
        Instant acceptedAt = Instant.parse(TestData.string(
                "select to_char(completion_accepted_at at time zone 'UTC',"
                        + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from dsr_request where id = ?",
                UUID.fromString(id)));

        // the last moment of the grace period by the service's clock: still there, and it still decrypts
        clock.set(acceptedAt.plus(grace.gracePeriod()));
        shredder.shredDue().await().indefinitely();
        assertThat(TestData.count(
                        "select count(*) from dsr_request where id = ? and shredded_at is null"
                                + " and identifiers_ciphertext is not null",
                        UUID.fromString(id)))
                .isEqualTo(1);
        assertThat(TestData.decrypt(encrypted, id)).hasSize(2);

        // a moment after it: shredded
        clock.advance(Duration.ofMillis(1));
        shredder.shredDue().await().indefinitely();
        assertThat(TestData.count(
                        "select count(*) from dsr_request where id = ? and shredded_at is not null"
                                + " and identifiers_ciphertext is null and identifiers_nonce is null",
                        UUID.fromString(id)))
                .isEqualTo(1);
        assertThat(TestData.count(
                        "select count(*) from data_key where key_id = ? and wrapped_key is null"
                                + " and destroyed_at is not null",
                        encrypted.keyId()))
                .isEqualTo(1);

        // nothing decrypts: asked for the key, the service answers 410 (audited) and hands out no key, alone or in a
        // batch, so the ciphertext on Kafka is noise
        long destroyedAnswers = TestData.count(
                "select count(*) from data_key_access where key_id = ?" + " and result = 'DESTROYED'",
                encrypted.keyId());
        assertThat(TestData.decryptIfKeyReleased(encrypted, id)).isEmpty();
        TestData.fetchKeys(
                        TestData.adapterFor(TestData.PROCESSOR),
                        List.of(TestData.commandFor(encrypted, id, TestData.PROCESSOR)))
                .statusCode(200)
                .body("keys.size()", equalTo(0))
                .body("unavailable." + encrypted.keyId(), equalTo("DESTROYED"));
        assertThat(TestData.count(
                        "select count(*) from data_key_access where key_id = ? and result = 'DESTROYED'",
                        encrypted.keyId()))
                .isEqualTo(destroyedAnswers + 2);
        TestData.operator().get("/api/v1/requests/" + id).then().body("shreddedAt", notNullValue());

        // compliance still finds the person's completion record from the identifier
        lookup("EMAIL", email.toUpperCase(Locale.ROOT))
                .body("requests.size()", equalTo(1))
                .body("requests[0].requestId", equalTo(id))
                .body("requests[0].shreddedAt", notNullValue())
                .body(
                        "requests[0].completionRecord.recordId",
                        equalTo(record.recordId().toString()))
                .body("requests[0].completionRecord.status", equalTo("COMPLETED"));
        lookup("EMAIL", "nobody." + marker + "@example.se").body("requests.size()", equalTo(0));

        // and no plaintext identifier in any table
        assertThat(TestData.rowsContaining(marker)).isEmpty();
        assertThat(TestData.rowsContaining("701234567")).isEmpty();
    }

    @Test
    void aBatchMustHoldOneToAHundredCommandsEachWithItsOwnDataKey() {
        EncryptedIdentifiers one = new EncryptedIdentifiers("dk-" + UUID.randomUUID(), "A256GCM", "bm9uY2U=", "eA==");
        String command = Json.write(TestData.commandFor(one, UUID.randomUUID().toString(), TestData.PROCESSOR));
        String many = String.join(",", java.util.Collections.nCopies(101, command));
        String withoutKey =
                Json.write(TestData.commandFor(null, UUID.randomUUID().toString(), TestData.PROCESSOR));
        for (String body : List.of(
                "{\"commands\":[]}",
                "{}",
                "{\"commands\":[" + command + "," + command + "]}",
                "{\"commands\":[" + many + "]}",
                "{\"commands\":[null]}",
                "{\"commands\":[" + withoutKey + "]}",
                "{\"keyIds\":[\"" + one.keyId() + "\"]}")) {
            TestData.adapterFor(TestData.PROCESSOR)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/internal/v1/data-keys")
                    .then()
                    .statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body(
                            "detail",
                            equalTo("commands must hold 1 to 100 signed commands, each with its own data" + " key"));
        }
    }

    private static io.restassured.response.ValidatableResponse lookup(String type, String value) {
        return TestData.as(Roles.COMPLIANCE)
                .contentType(ContentType.JSON)
                .body("{\"identifier\":{\"type\":\"%s\",\"value\":\"%s\"}}".formatted(type, value))
                .post("/api/v1/completions/lookup")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON);
    }
}
