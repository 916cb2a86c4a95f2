package org.dsr.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeBatchV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.security.Roles;
import org.dsr.request.shred.Shredder;
import org.dsr.request.shred.ShreddingConfig;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestKafka;
import org.dsr.testsupport.TestSigningKeys;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 3: whoever can write to {@code dsr.completions} or {@code dsr.outcomes} without the orchestrator's or
 * a processor's private key changes nothing. Each forgery is dead-lettered with its reason, and the request's status,
 * its stored records and outcomes, its completion endpoint and its shredding are as before.
 */
@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "request_service_test"))
@RealInfrastructureTest
class ForgedRecordsAndOutcomesTest {

    private static final URI SOURCE = URI.create("/test");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TestSigningKeys.Pair ORCHESTRATOR = TestChain.ORCHESTRATOR;

    @Inject
    Shredder shredder;

    @Inject
    ShreddingConfig shredding;

    record Request(UUID id, String pseudonym) {}

    // ----------------------------------------------------------------------------------------- completion records

    @Test
    void theIssuesHandWrittenUnsignedRecordForAPendingRequestChangesNothing() throws Exception {
        Request pending = pending();
        String eventId = UUID.randomUUID().toString();
        String recordId = UUID.randomUUID().toString();
        // what was produced with kcat, no credentials and no key: well-formed, unsigned, completed long ago
        String handWritten = """
                {"specversion":"1.0","id":"%s","type":"org.dsr.completion.recorded.v1","source":"/kcat",\
                "subject":"%s","time":"2026-01-01T00:00:00Z","datacontenttype":"application/json",\
                "data":{"recordId":"%s","sequence":1,"version":1,"requestId":"%s","requestType":"ERASURE",\
                "jurisdiction":"SE","subjectPseudonym":"%s","completedAt":"2020-01-01T00:00:00Z",\
                "status":"COMPLETED","processors":[],"retained":[],\
                "previousRecordHash":"0000000000000000000000000000000000000000000000000000000000000000"}}""".formatted(eventId, pending.pseudonym, recordId, pending.id, pending.pseudonym);
        TestKafka.publish(Topics.COMPLETIONS, pending.pseudonym, handWritten);

        assertThat(deadLetterReason(Topics.COMPLETIONS, eventId))
                .isEqualTo("completion record " + recordId + " is unsigned");
        assertNothingChanged(pending, "PENDING_VERIFICATION");
    }

    @Test
    void aRecordSignedWithAProcessorsKeyIsRefused() throws Exception {
        Request request = received();
        TestSigningKeys.Pair hosting = TestSigningKeys.of("hosting");
        CompletionRecordV1 forged = TestChain.sign(
                TestChain.at(record(request, Instant.now()), TestChain.sequence() + 1, TestChain.head()), hosting);

        assertThat(deadLetterReason(Topics.COMPLETIONS, publish(request, forged)))
                .isEqualTo("completion record "
                        + forged.recordId() + " is signed with key " + hosting.keyId()
                        + " of hosting, not the orchestrator's"
                        + " pinned key " + ORCHESTRATOR.keyId());
        assertNothingChanged(request, "RECEIVED");
    }

    @Test
    void aRecordSignedWithAKeyNobodyPinnedIsRefused() throws Exception {
        Request request = received();
        var stranger = Signatures.generate();
        String keyId = VerificationKeys.keyId("orchestrator", stranger.getPublic());
        CompletionRecordV1 unsigned =
                TestChain.at(record(request, Instant.now()), TestChain.sequence() + 1, TestChain.head());
        CompletionRecordV1 forged = unsigned.withSignature(SignedJson.sign(unsigned, keyId, stranger.getPrivate()));

        assertThat(deadLetterReason(Topics.COMPLETIONS, publish(request, forged)))
                .isEqualTo("completion record "
                        + forged.recordId() + " is signed with key " + keyId + ", not the orchestrator's pinned key "
                        + ORCHESTRATOR.keyId());
        assertNothingChanged(request, "RECEIVED");
    }

    @Test
    void aGenuineRecordAlteredAfterSigningIsRefused() throws Exception {
        Request request = received();
        CompletionRecordV1 genuine = TestChain.sign(
                TestChain.at(record(request, Instant.now()), TestChain.sequence() + 1, TestChain.head()), ORCHESTRATOR);
        // the signature of a COMPLETED_WITH_RETENTION record kept, its status changed
        CompletionRecordV1 altered = new CompletionRecordV1(
                genuine.recordId(),
                genuine.sequence(),
                genuine.version(),
                genuine.requestId(),
                genuine.requestType(),
                genuine.jurisdiction(),
                genuine.subjectPseudonym(),
                genuine.receivedAt(),
                genuine.dueAt(),
                genuine.completedAt(),
                "COMPLETED",
                genuine.processors(),
                List.of(),
                genuine.previousRecordHash(),
                genuine.signature());

        assertThat(deadLetterReason(Topics.COMPLETIONS, publish(request, altered)))
                .isEqualTo("completion record "
                        + genuine.recordId() + " has a signature that does not verify with the orchestrator's key "
                        + ORCHESTRATOR.keyId() + ": it was changed after signing, or signed by another key");
        assertNothingChanged(request, "RECEIVED");
    }

    @Test
    void aSignedRecordForARequestTheOrchestratorNeverReceivedIsRefused() throws Exception {
        Request pending = pending();
        CompletionRecordV1 record = TestChain.sign(
                TestChain.at(record(pending, Instant.now()), TestChain.sequence() + 1, TestChain.head()), ORCHESTRATOR);

        assertThat(deadLetterReason(Topics.COMPLETIONS, publish(pending, record)))
                .isEqualTo("completion record "
                        + record.recordId() + " is for request " + pending.id
                        + ", which is PENDING_VERIFICATION and was never sent to the orchestrator");
        assertNothingChanged(pending, "PENDING_VERIFICATION");
    }

    @Test
    void aSignedRecordThatDoesNotLinkToTheStoredRecordBeforeItOrReusesItsSequenceIsRefused() throws Exception {
        Request first = received();
        CompletionRecordV1 stored = TestChain.append(record(first, Instant.now()));
        publish(first, stored);
        awaitStatus(first, "COMPLETED_WITH_RETENTION");

        // signed by the orchestrator's key, but linked to something else than the record stored before it
        Request second = received();
        String wrong = "ab".repeat(32);
        CompletionRecordV1 misplaced =
                TestChain.sign(TestChain.at(record(second, Instant.now()), stored.sequence() + 1, wrong), ORCHESTRATOR);
        assertThat(deadLetterReason(Topics.COMPLETIONS, publish(second, misplaced)))
                .isEqualTo("completion record "
                        + misplaced.recordId() + " (#" + misplaced.sequence()
                        + "): previousRecordHash abababababababab..."
                        + " is not the hash of stored record " + stored.recordId() + " (#" + stored.sequence() + ", "
                        + SignedJson.chainHash(stored).substring(0, 16) + "...)");
        assertNothingChanged(second, "RECEIVED");

        // a second record at a sequence already taken
        CompletionRecordV1 twin = TestChain.sign(
                TestChain.at(record(second, Instant.now()), stored.sequence(), stored.previousRecordHash()),
                ORCHESTRATOR);
        assertThat(deadLetterReason(Topics.COMPLETIONS, publish(second, twin)))
                .isEqualTo("completion record "
                        + twin.recordId() + " (#" + twin.sequence() + ") conflicts with stored record "
                        + stored.recordId()
                        + " at the same sequence");
        assertNothingChanged(second, "RECEIVED");

        // sequence 1 must start at the genesis hash, and only sequence 1 may
        CompletionRecordV1 notFirst =
                TestChain.sign(TestChain.at(record(second, Instant.now()), 1, wrong), ORCHESTRATOR);
        assertThat(deadLetterReason(Topics.COMPLETIONS, publish(second, notFirst)))
                .isEqualTo("completion record " + notFirst.recordId()
                        + " is #1 of the chain but does not link to the genesis hash (64 zeros)");
        assertNothingChanged(second, "RECEIVED");

        // the same record correctly placed completes the request
        CompletionRecordV1 placed = TestChain.append(record(second, Instant.now()));
        publish(second, placed);
        awaitStatus(second, "COMPLETED_WITH_RETENTION");
    }

    @Test
    void aRecordWhoseSuccessorArrivedFirstIsCheckedAgainstItAndAMismatchIsDeadLettered() throws Exception {
        Request early = received();
        Request late = received();
        Request impostor = received();
        // the orchestrator's records #n (for late) and #n+1 (for early); #n+1 arrives first (another partition)
        long n = TestChain.reserve();
        CompletionRecordV1 before =
                TestChain.sign(TestChain.at(record(late, Instant.now()), n, TestChain.head()), ORCHESTRATOR);
        TestChain.advanceTo(before);
        CompletionRecordV1 after = TestChain.append(record(early, Instant.now()));
        assertThat(after.previousRecordHash()).isEqualTo(SignedJson.chainHash(before));

        publish(early, after);
        awaitStatus(early, "COMPLETED_WITH_RETENTION"); // its predecessor is not stored yet: taken on its signature

        // a different, validly signed record #n turns up: it does not hash to what #n+1 links to
        CompletionRecordV1 other = TestChain.sign(
                TestChain.at(record(impostor, Instant.now()), n, before.previousRecordHash()), ORCHESTRATOR);
        assertThat(deadLetterReason(Topics.COMPLETIONS, publish(impostor, other)))
                .isEqualTo("completion record "
                        + other.recordId() + " (#" + n + ") hashes to "
                        + SignedJson.chainHash(other).substring(0, 16)
                        + "..., but stored record " + after.recordId() + " (#" + (n + 1) + ") links to "
                        + after.previousRecordHash().substring(0, 16) + "... as its predecessor");
        assertNothingChanged(impostor, "RECEIVED");

        // the genuine #n, late, fits and is taken
        publish(late, before);
        awaitStatus(late, "COMPLETED_WITH_RETENTION");
    }

    @Test
    void anOldCompletedAtDoesNotStartTheShreddingClockEarly() throws Exception {
        Request request = received();
        Instant longAgo = Instant.now().minus(Duration.ofDays(400));
        CompletionRecordV1 record = TestChain.append(record(request, longAgo));
        Instant beforeAcceptance = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publish(request, record);
        awaitStatus(request, "COMPLETED_WITH_RETENTION");

        // the request shows the record's own completion time ...
        TestData.operator()
                .get("/api/v1/requests/" + request.id)
                .then()
                .body("completedAt", equalTo(record.completedAt().toString()));
        // ... but the grace period runs from acceptance: at its last moment nothing is shredded
        Instant acceptedAt = Instant.parse(TestData.string(
                "select to_char(completion_accepted_at at time zone 'UTC',"
                        + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from dsr_request where id = ?",
                request.id));
        assertThat(acceptedAt).isAfterOrEqualTo(beforeAcceptance);
        shredder.shredDue(acceptedAt.plus(shredding.gracePeriod())).await().indefinitely();
        assertThat(TestData.count(
                        "select count(*) from dsr_request where id = ? and shredded_at is null"
                                + " and identifiers_ciphertext is not null",
                        request.id))
                .isEqualTo(1);
        // once the grace period from acceptance is over, it is
        shredder.shredDue(acceptedAt.plus(shredding.gracePeriod()).plusMillis(1))
                .await()
                .indefinitely();
        assertThat(TestData.count(
                        "select count(*) from dsr_request where id = ? and shredded_at is not null", request.id))
                .isEqualTo(1);
    }

    // ----------------------------------------------------------------------------------------------------- outcomes

    @Test
    void forgedOutcomesAreDeadLetteredAndNothingIsStored() throws Exception {
        Request request = received();
        UUID commandId = UUID.randomUUID();
        ProcessorOutcomeV1 bare = outcome(request, commandId, "hosting", "account");

        ProcessorOutcomeV1 unsigned = bare.withSignature(null);
        assertThat(deadLetterReason(Topics.OUTCOMES, publish(request, unsigned)))
                .isEqualTo("outcome " + unsigned.outcomeId() + " of hosting is unsigned");

        TestSigningKeys.Pair analytics = TestSigningKeys.of("analytics");
        ProcessorOutcomeV1 otherProcessors =
                TestChain.signedAs(outcome(request, commandId, "hosting", "account"), analytics);
        assertThat(deadLetterReason(Topics.OUTCOMES, publish(request, otherProcessors)))
                .isEqualTo("outcome "
                        + otherProcessors.outcomeId() + " of hosting is signed with key " + analytics.keyId()
                        + " of analytics, not of hosting");

        ProcessorOutcomeV1 orchestrators =
                TestChain.signedAs(outcome(request, commandId, "hosting", "account"), ORCHESTRATOR);
        assertThat(deadLetterReason(Topics.OUTCOMES, publish(request, orchestrators)))
                .isEqualTo("outcome "
                        + orchestrators.outcomeId() + " of hosting is signed with key " + ORCHESTRATOR.keyId()
                        + " of orchestrator, not of hosting");

        var stranger = Signatures.generate();
        String strangerKey = VerificationKeys.keyId("hosting", stranger.getPublic());
        ProcessorOutcomeV1 fresh = outcome(request, commandId, "hosting", "account");
        ProcessorOutcomeV1 unknownKey = fresh.withSignature(SignedJson.sign(fresh, strangerKey, stranger.getPrivate()));
        assertThat(deadLetterReason(Topics.OUTCOMES, publish(request, unknownKey)))
                .isEqualTo("outcome "
                        + unknownKey.outcomeId() + " of hosting is signed with key " + strangerKey
                        + ", which is not pinned;"
                        + " the key pinned for hosting is "
                        + TestSigningKeys.of("hosting").keyId());

        // a genuine FAILED outcome turned into ERASED after signing
        ProcessorOutcomeV1 genuine = TestChain.signed(new ProcessorOutcomeV1(
                UUID.randomUUID(),
                commandId,
                request.id,
                "hosting",
                "account",
                Action.ERASE,
                OutcomeStatus.FAILED,
                null,
                null,
                null,
                null,
                Instant.now(),
                null));
        ProcessorOutcomeV1 altered = new ProcessorOutcomeV1(
                genuine.outcomeId(),
                commandId,
                request.id,
                "hosting",
                "account",
                Action.ERASE,
                OutcomeStatus.ERASED,
                new Evidence(1, 0, "gone"),
                null,
                null,
                null,
                genuine.completedAt(),
                genuine.signature());
        assertThat(deadLetterReason(Topics.OUTCOMES, publish(request, altered)))
                .isEqualTo("outcome "
                        + altered.outcomeId() + " of hosting has a signature that does not verify with key "
                        + TestSigningKeys.of("hosting").keyId()
                        + ": it was changed after signing, or signed by another key");

        // a processor no key is pinned for
        ProcessorOutcomeV1 unpinned = outcome(request, commandId, "crm", "profile");
        ProcessorOutcomeV1 selfSigned = unpinned.withSignature(
                SignedJson.sign(unpinned, VerificationKeys.keyId("crm", stranger.getPublic()), stranger.getPrivate()));
        assertThat(deadLetterReason(Topics.OUTCOMES, publish(request, selfSigned)))
                .isEqualTo("outcome "
                        + selfSigned.outcomeId() + " of crm is signed with key "
                        + VerificationKeys.keyId("crm", stranger.getPublic())
                        + ", which is not pinned (no key pinned for crm: set"
                        + " dsr.trust.keys.crm)");

        // a batch with one forged outcome among genuine ones is refused whole
        ProcessorOutcomeV1 good = TestChain.signed(outcome(request, commandId, "hosting", "account"));
        ProcessorOutcomeV1 bad =
                outcome(request, commandId, "hosting", "invoices").withSignature(null);
        String batchEvent = UUID.randomUUID().toString();
        TestKafka.publish(
                Topics.OUTCOMES,
                request.pseudonym,
                EventCodec.encode(
                        batchEvent,
                        ProcessorOutcomeBatchV1.TYPE,
                        SOURCE,
                        request.pseudonym,
                        Instant.now(),
                        new ProcessorOutcomeBatchV1(commandId, request.id, "hosting", List.of(good, bad))));
        assertThat(deadLetterReason(Topics.OUTCOMES, batchEvent))
                .isEqualTo("outcome " + bad.outcomeId() + " of hosting is unsigned");

        assertThat(TestData.count("select count(*) from request_outcome where request_id = ?", request.id))
                .isZero();
        TestData.operator()
                .get("/api/v1/requests/" + request.id)
                .then()
                .statusCode(200)
                .body("status", equalTo("RECEIVED"))
                .body("processors.size()", equalTo(0));

        // and the genuine outcome alone is stored, as signed
        publish(request, good);
        await().atMost(WAIT)
                .untilAsserted(() -> TestData.operator()
                        .get("/api/v1/requests/" + request.id)
                        .then()
                        .body("status", equalTo("IN_PROGRESS"))
                        .body("processors[0].categories[0].status", equalTo("ERASED"))
                        .body("processors[0].categories[0].signed", equalTo(true)));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A request entered by an operator, waiting for identity verification: never published to the orchestrator. */
    private static Request pending() throws Exception {
        String body = TestData.body("pending." + UUID.randomUUID().toString().substring(0, 8) + "@example.com")
                .replace("\"subject\"", "\"verification\":\"PENDING\",\"subject\"");
        ExtractableResponse<Response> created = TestData.as(Roles.OPERATOR)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/requests")
                .then()
                .statusCode(202)
                .extract();
        assertThat(created.<String>path("status")).isEqualTo("PENDING_VERIFICATION");
        return stored(created.path("id"));
    }

    private static Request received() throws Exception {
        String id = TestData.submit(
                        TestData.body("forgery." + UUID.randomUUID().toString().substring(0, 8) + "@example.com"))
                .statusCode(202)
                .extract()
                .path("id");
        return stored(id);
    }

    private static Request stored(String id) throws Exception {
        UUID uuid = UUID.fromString(id);
        return new Request(uuid, TestData.string("select subject_pseudonym from dsr_request where id = ?", uuid));
    }

    private static CompletionRecordV1 record(Request request, Instant completedAt) {
        return TestChain.record(
                request.id, request.pseudonym, 1, "COMPLETED_WITH_RETENTION", completedAt, List.of(), true);
    }

    private static ProcessorOutcomeV1 outcome(Request request, UUID commandId, String processor, String category) {
        return new ProcessorOutcomeV1(
                UUID.randomUUID(),
                commandId,
                request.id,
                processor,
                category,
                Action.ERASE,
                OutcomeStatus.ERASED,
                new Evidence(1, 0, "count after delete: 0"),
                null,
                null,
                null,
                Instant.now(),
                null);
    }

    /** @return the CloudEvent id */
    private static String publish(Request request, CompletionRecordV1 record) {
        String eventId = UUID.randomUUID().toString();
        TestKafka.publish(
                Topics.COMPLETIONS,
                request.pseudonym,
                EventCodec.encode(eventId, CompletionRecordV1.TYPE, SOURCE, request.pseudonym, Instant.now(), record));
        return eventId;
    }

    private static String publish(Request request, ProcessorOutcomeV1 outcome) {
        String eventId = UUID.randomUUID().toString();
        TestKafka.publish(
                Topics.OUTCOMES,
                request.pseudonym,
                EventCodec.encode(eventId, ProcessorOutcomeV1.TYPE, SOURCE, request.pseudonym, Instant.now(), outcome));
        return eventId;
    }

    private static String deadLetterReason(String topic, String eventId) {
        List<ConsumerRecord<String, String>> dead =
                TestKafka.read(Topics.deadLetter(topic), r -> r.value().contains(eventId), 1, WAIT, Duration.ZERO);
        assertThat(dead).as("dead letter of event " + eventId).hasSize(1);
        return TestKafka.header(dead.get(0), "dead-letter-reason");
    }

    private static void awaitStatus(Request request, String status) {
        await().atMost(WAIT)
                .untilAsserted(() -> TestData.operator()
                        .get("/api/v1/requests/" + request.id)
                        .then()
                        .statusCode(200)
                        .body("status", equalTo(status)));
    }

    /** The dead letter was sent after the message's transaction rolled back: everything is as before it. */
    private static void assertNothingChanged(Request request, String status) throws Exception {
        TestData.operator()
                .get("/api/v1/requests/" + request.id)
                .then()
                .statusCode(200)
                .body("status", equalTo(status))
                .body("completedAt", nullValue())
                .body("shreddedAt", nullValue());
        TestData.operator()
                .get("/api/v1/requests/" + request.id + "/completion")
                .then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
        assertThat(TestData.count("select count(*) from completion_record where request_id = ?", request.id))
                .isZero();
        assertThat(TestData.count(
                        "select count(*) from dsr_request where id = ? and completion_version is null"
                                + " and completion_accepted_at is null and shredded_at is null",
                        request.id))
                .isEqualTo(1);
    }
}
