package org.dsr.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.dsr.contracts.Topics;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeBatchV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.Retention;
import org.dsr.contracts.json.Json;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestKafka;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "request_service_test"))
@RealInfrastructureTest
class StatusConsumersTest {

    private static final URI SOURCE = URI.create("/test");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void outcomesThenCompletionDriveTheStatusAndRedeliveryChangesNothing() throws Exception {
        Submitted request = submit();
        UUID commandId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        ProcessorOutcomeV1 account = outcome(
                request,
                commandId,
                "hosting",
                "account",
                Action.ERASE,
                OutcomeStatus.ERASED,
                new Evidence(3, 0, "select by subject after delete: 0 rows"),
                null,
                now);
        String accountEvent = publishOutcome(request, UUID.randomUUID(), account);

        await().atMost(WAIT)
                .untilAsserted(() -> TestData.operator()
                        .get("/api/v1/requests/" + request.id)
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("IN_PROGRESS"))
                        .body("processors.size()", equalTo(1))
                        .body("processors[0].processor", equalTo("hosting"))
                        .body("processors[0].status", equalTo("ERASED"))
                        .body("processors[0].categories[0].category", equalTo("account"))
                        .body("processors[0].categories[0].action", equalTo("ERASE"))
                        .body("processors[0].categories[0].evidence.rowsAffected", equalTo(3))
                        .body("processors[0].categories[0].evidence.remainingMatches", equalTo(0))
                        .body("processors[0].categories[0].signed", equalTo(true)));
        assertThat(TestData.count("select count(*) from request_outcome where request_id = ? and signed", request.id))
                .isEqualTo(1);
        problemOf(TestData.operator()
                .get("/api/v1/requests/" + request.id + "/completion")
                .then()
                .statusCode(404));

        // invoices retained: the processor's status is its worst category
        ProcessorOutcomeV1 invoices = outcome(
                request,
                commandId,
                "hosting",
                "invoices",
                Action.RETAIN,
                OutcomeStatus.RETAINED,
                new Evidence(2, 2, "kept for bookkeeping"),
                new Retention(
                        "Bokföringslagen (1999:1078) 7 kap. 2 §",
                        LocalDate.of(2032, 12, 31),
                        List.of("inv-17", "inv-18")),
                now);
        publishOutcome(request, UUID.randomUUID(), invoices);
        await().atMost(WAIT)
                .untilAsserted(() -> TestData.operator()
                        .get("/api/v1/requests/" + request.id)
                        .then()
                        .body("processors[0].status", equalTo("RETAINED"))
                        .body("processors[0].categories.size()", equalTo(2))
                        .body("processors[0].categories[1].retention.retainUntil", equalTo("2032-12-31"))
                        .body("processors[0].categories[1].retention.handles[1]", equalTo("inv-18")));

        // the same CloudEvent again, and the same outcome under a new event id: still one row per category
        TestKafka.publish(Topics.OUTCOMES, request.pseudonym, accountEvent);
        publishOutcome(request, UUID.randomUUID(), account);

        CompletionRecordV1 record = completion(request, 1, "COMPLETED_WITH_RETENTION", List.of(account, invoices));
        UUID completionEventId = UUID.randomUUID();
        String completionEvent = EventCodec.encode(
                completionEventId.toString(),
                CompletionRecordV1.TYPE,
                SOURCE,
                request.pseudonym,
                Instant.now(),
                record);
        TestKafka.publish(Topics.COMPLETIONS, request.pseudonym, completionEvent);

        await().atMost(WAIT)
                .untilAsserted(() -> TestData.operator()
                        .get("/api/v1/requests/" + request.id)
                        .then()
                        .body("status", equalTo("COMPLETED_WITH_RETENTION"))
                        .body("completedAt", equalTo(record.completedAt().toString())));
        String stored = TestData.operator()
                .get("/api/v1/requests/" + request.id + "/completion")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString();
        CompletionRecordV1 served = Json.read(stored, CompletionRecordV1.class);
        assertThat(served).isEqualTo(record);
        assertThat(SignedJson.verify(served, served.signature(), TestChain.ORCHESTRATOR.publicKey()))
                .isTrue();
        assertThat(SignedJson.chainHash(served)).isEqualTo(SignedJson.chainHash(record));

        // redeliver the completion; publish the outcome again after completion: nothing changes
        TestKafka.publish(Topics.COMPLETIONS, request.pseudonym, completionEvent);
        TestKafka.publish(Topics.OUTCOMES, request.pseudonym, accountEvent);
        // followers on the same key (so the same partition, after the duplicates): once they are applied, the
        // duplicates have been processed too
        publishOutcome(
                request,
                UUID.randomUUID(),
                outcome(
                        request,
                        commandId,
                        "analytics",
                        "events",
                        Action.ERASE,
                        OutcomeStatus.ERASED,
                        new Evidence(1, 0, "gone"),
                        null,
                        Instant.now()));
        CompletionRecordV1 second = completion(request, 2, "COMPLETED", List.of(account, invoices));
        TestKafka.publish(
                Topics.COMPLETIONS,
                request.pseudonym,
                EventCodec.encode(
                        UUID.randomUUID().toString(),
                        CompletionRecordV1.TYPE,
                        SOURCE,
                        request.pseudonym,
                        Instant.now(),
                        second));
        await().atMost(WAIT)
                .untilAsserted(() -> TestData.operator()
                        .get("/api/v1/requests/" + request.id)
                        .then()
                        .body("status", equalTo("COMPLETED"))
                        .body("processors.size()", equalTo(2)));
        TestData.operator()
                .get("/api/v1/requests/" + request.id + "/completion")
                .then()
                .body("version", equalTo(2));

        assertThat(TestData.count("select count(*) from request_outcome where request_id = ?", request.id))
                .isEqualTo(3);
        assertThat(TestData.count("select count(*) from completion_record where request_id = ?", request.id))
                .isEqualTo(2);
        assertThat(TestData.count(
                        "select count(*) from inbox_message where consumer = 'outcomes'" + " and message_id = ?",
                        accountEventId(accountEvent)))
                .isEqualTo(1);
        TestData.operator()
                .get("/api/v1/requests/" + request.id)
                .then()
                .body("processors.find { it.processor == 'hosting' }.categories.size()", equalTo(2));
        assertThat(TestData.rowsContaining(request.token)).isEmpty();
    }

    @Test
    void aCommandsOutcomesInOneMessageUpdateEveryCategoryAndAMismatchedBatchIsDeadLettered() throws Exception {
        Submitted request = submit();
        UUID commandId = UUID.randomUUID();
        Instant now = Instant.now();
        List<ProcessorOutcomeV1> answers = List.of(
                outcome(
                        request,
                        commandId,
                        "email-delivery",
                        "contacts",
                        Action.ERASE,
                        OutcomeStatus.ERASED,
                        new Evidence(1, 0, "count by email"),
                        null,
                        now),
                outcome(
                        request,
                        commandId,
                        "email-delivery",
                        "suppression-list",
                        Action.RETAIN,
                        OutcomeStatus.RETAINED,
                        new Evidence(0, 1, "hash kept"),
                        new Retention("GDPR Art. 17(3)(b), 21(3)", null, List.of("sup-1")),
                        now));
        TestKafka.publish(
                Topics.OUTCOMES,
                request.pseudonym,
                EventCodec.encode(
                        UUID.randomUUID().toString(),
                        ProcessorOutcomeBatchV1.TYPE,
                        SOURCE,
                        request.pseudonym,
                        now,
                        new ProcessorOutcomeBatchV1(commandId, request.id, "email-delivery", answers)));
        await().atMost(WAIT)
                .untilAsserted(() -> TestData.operator()
                        .get("/api/v1/requests/" + request.id)
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("IN_PROGRESS"))
                        .body("processors[0].processor", equalTo("email-delivery"))
                        .body("processors[0].status", equalTo("RETAINED"))
                        .body("processors[0].categories.size()", equalTo(2)));

        // one outcome names another processor than its batch: the whole message is refused, none of it applied
        List<ProcessorOutcomeV1> mixed = List.of(
                outcome(
                        request,
                        commandId,
                        "hosting",
                        "account",
                        Action.ERASE,
                        OutcomeStatus.ERASED,
                        new Evidence(1, 0, "x"),
                        null,
                        now),
                outcome(
                        request,
                        commandId,
                        "analytics",
                        "events",
                        Action.ERASE,
                        OutcomeStatus.ERASED,
                        new Evidence(1, 0, "x"),
                        null,
                        now));
        String eventId = UUID.randomUUID().toString();
        TestKafka.publish(
                Topics.OUTCOMES,
                request.pseudonym,
                EventCodec.encode(
                        eventId,
                        ProcessorOutcomeBatchV1.TYPE,
                        SOURCE,
                        request.pseudonym,
                        now,
                        new ProcessorOutcomeBatchV1(commandId, request.id, "hosting", mixed)));
        List<ConsumerRecord<String, String>> dead = TestKafka.read(
                Topics.deadLetter(Topics.OUTCOMES), r -> r.value().contains(eventId), 1, WAIT, Duration.ZERO);
        assertThat(dead).hasSize(1);
        assertThat(new String(
                        dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .isEqualTo(ProcessorOutcomeBatchV1.TYPE
                        + ": every outcome must answer the batch's commandId, requestId and processor");
        assertThat(TestData.count("select count(*) from request_outcome where request_id = ?", request.id))
                .isEqualTo(2);
    }

    @Test
    void outcomeForAnUnknownRequestIsIgnoredNotDeadLettered() throws Exception {
        Submitted ghost = new Submitted(UUID.randomUUID(), "ghost-pseudonym", "none");
        ProcessorOutcomeV1 outcome = outcome(
                ghost,
                UUID.randomUUID(),
                "analytics",
                "events",
                Action.ERASE,
                OutcomeStatus.ERASED,
                new Evidence(1, 0, "gone"),
                null,
                Instant.now());
        String eventId = publishOutcome(ghost, UUID.randomUUID(), outcome);
        String id = EventCodec.decode(eventId).id();
        await().atMost(WAIT)
                .until(() -> TestData.count(
                                "select count(*) from inbox_message where consumer ="
                                        + " 'outcomes' and message_id = ?",
                                id)
                        == 1);
        assertThat(TestData.count("select count(*) from request_outcome where request_id = ?", ghost.id))
                .isZero();
        // not dead-lettered: nothing for it before the dead letter of a record sent after it with the same key
        String later = "not an event, the marker " + UUID.randomUUID();
        TestKafka.publish(Topics.OUTCOMES, ghost.pseudonym, later);
        assertThat(ReadUntil.marker(
                        Topics.deadLetter(Topics.OUTCOMES),
                        r -> r.value().contains(id),
                        r -> later.equals(r.value()),
                        WAIT))
                .isEmpty();
    }

    @Test
    void malformedCompletionIsDeadLetteredAndTheConsumerGoesOn() throws Exception {
        String garbage = "this is not a cloud event " + UUID.randomUUID();
        TestKafka.publish(Topics.COMPLETIONS, "some-key", garbage);

        List<ConsumerRecord<String, String>> dead = TestKafka.read(
                Topics.deadLetter(Topics.COMPLETIONS), r -> garbage.equals(r.value()), 1, WAIT, Duration.ZERO);
        assertThat(dead).hasSize(1);
        Header reason = dead.get(0).headers().lastHeader("dead-letter-reason");
        assertThat(reason).isNotNull();
        assertThat(new String(reason.value(), StandardCharsets.UTF_8))
                .contains("not a structured JSON CloudEvent 1.0")
                .doesNotContain(garbage);

        // a good message after it is processed
        String marker = markerRequest();
        await().atMost(WAIT)
                .untilAsserted(() -> TestData.operator()
                        .get("/api/v1/requests/" + marker)
                        .then()
                        .body("status", equalTo("COMPLETED")));
    }

    // ---------------------------------------------------------------------------------------------------------

    record Submitted(UUID id, String pseudonym, String token) {}

    private static Submitted submit() throws Exception {
        String token = "zq" + UUID.randomUUID().toString().substring(0, 8);
        String id = TestData.submit(TestData.body("bob." + token + "@example.com"))
                .statusCode(202)
                .extract()
                .path("id");
        // the pseudonym is what the request-service published as the key
        List<ConsumerRecord<String, String>> events =
                TestKafka.read(Topics.REQUESTS, r -> r.value().contains(id), 1, WAIT, Duration.ZERO);
        assertThat(events).hasSize(1);
        return new Submitted(UUID.fromString(id), events.get(0).key(), token);
    }

    /** A fresh request completed straight away: a message that follows whatever was sent before it. */
    private static String markerRequest() throws Exception {
        Submitted marker = submit();
        CompletionRecordV1 record = completion(marker, 1, "COMPLETED", List.of());
        TestKafka.publish(
                Topics.COMPLETIONS,
                marker.pseudonym,
                EventCodec.encode(
                        UUID.randomUUID().toString(),
                        CompletionRecordV1.TYPE,
                        SOURCE,
                        marker.pseudonym,
                        Instant.now(),
                        record));
        return marker.id.toString();
    }

    private static ProcessorOutcomeV1 outcome(
            Submitted request,
            UUID commandId,
            String processor,
            String category,
            Action action,
            OutcomeStatus status,
            Evidence evidence,
            Retention retention,
            Instant completedAt) {
        return TestChain.signed(new ProcessorOutcomeV1(
                UUID.randomUUID(),
                commandId,
                request.id,
                processor,
                category,
                action,
                status,
                evidence,
                retention,
                null,
                null,
                completedAt,
                null));
    }

    private static String publishOutcome(Submitted request, UUID eventId, ProcessorOutcomeV1 outcome) {
        String value = EventCodec.encode(
                eventId.toString(), ProcessorOutcomeV1.TYPE, SOURCE, request.pseudonym, Instant.now(), outcome);
        TestKafka.publish(Topics.OUTCOMES, request.pseudonym, value);
        return value;
    }

    private static String accountEventId(String event) {
        return EventCodec.decode(event).id();
    }

    /** The next record of the chain, signed by the orchestrator's pinned test key. */
    private static CompletionRecordV1 completion(
            Submitted request, int version, String status, List<ProcessorOutcomeV1> outcomes) {
        return TestChain.append(
                TestChain.record(request.id, request.pseudonym, version, status, Instant.now(), outcomes, true));
    }

    private static void problemOf(io.restassured.response.ValidatableResponse response) {
        response.contentType("application/problem+json");
    }
}
