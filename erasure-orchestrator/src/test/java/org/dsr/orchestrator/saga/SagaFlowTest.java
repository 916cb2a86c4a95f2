package org.dsr.orchestrator.saga;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dsr.contracts.Topics;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeBatchV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.event.Retention;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.proof.ProofVerifier;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.dsr.contracts.time.Deadlines;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestKafka;
import org.dsr.testsupport.TestSigningKeys;
import org.junit.jupiter.api.Test;

/** The saga on a real broker and database: request in, four commands out, outcomes in, one signed record out. */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_test"))
@RealInfrastructureTest
class SagaFlowTest {

    /** Every processor of the test policy that an erasure reaches gets a command. */
    static final List<String> PROCESSORS =
            PolicyInfrastructure.processorsReachedBy(PolicyInfrastructure.TEST_POLICY, "ERASURE");

    private static final String EMAIL = "saga.subject@example.com";

    @Inject
    SubjectKeys keys;

    @org.junit.jupiter.api.BeforeEach
    void signIn() {
        SagaTestClient.signInAsOperator();
    }

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "dsr.keys-dir")
    java.nio.file.Path keysDir;

    private RequestSubmittedV1 submit() {
        UUID requestId = UUID.randomUUID();
        Identifier identifier = new Identifier(IdentifierType.EMAIL, EMAIL);
        Subject subject = new Subject(
                keys.pseudonym(identifier),
                List.of(IdentifierType.EMAIL),
                org.dsr.testsupport.TestDataKeys.encrypt(List.of(identifier), requestId));
        Instant received = Instant.now();
        RequestSubmittedV1 request = new RequestSubmittedV1(
                requestId,
                RequestType.ERASURE,
                Jurisdiction.SE,
                subject,
                received,
                Deadlines.dueAt(received, Jurisdiction.SE));
        TestKafka.publish(
                Topics.REQUESTS,
                subject.pseudonym(),
                EventCodec.encode(
                        UUID.randomUUID().toString(),
                        RequestSubmittedV1.TYPE,
                        URI.create("/test"),
                        subject.pseudonym(),
                        received,
                        request));
        return request;
    }

    private static List<ProcessorCommandV1> commandsFor(UUID requestId) {
        List<ProcessorCommandV1> commands = new ArrayList<>();
        for (String processor : PROCESSORS) {
            List<ConsumerRecord<String, String>> records =
                    TestKafka.read(Topics.commands(processor), r -> r.value().contains(requestId.toString()), 1);
            assertThat(records).as("commands to " + processor).hasSize(1);
            assertThat(records.get(0).value()).doesNotContain(EMAIL);
            commands.add(EventCodec.decode(records.get(0).value()).dataAs(ProcessorCommandV1.class));
        }
        return commands;
    }

    private static ProcessorOutcomeV1 answer(ProcessorCommandV1 command, CategoryCommand category) {
        boolean retain = category.action() == Action.RETAIN;
        return ProcessorSigning.signed(new ProcessorOutcomeV1(
                UUID.randomUUID(),
                command.commandId(),
                command.requestId(),
                command.processor(),
                category.category(),
                category.action(),
                retain ? OutcomeStatus.RETAINED : OutcomeStatus.ERASED,
                new Evidence(retain ? 0 : 3, 0, "count by email"),
                retain
                        ? new Retention(
                                "Bokföringslagen (1999:1078) 7 kap. 2 §", LocalDate.of(2032, 12, 31), List.of("inv-1"))
                        : null,
                null,
                null,
                Instant.now(),
                null));
    }

    private static void publishOutcome(ProcessorOutcomeV1 outcome, String eventId, String key) {
        TestKafka.publish(
                Topics.OUTCOMES,
                key,
                EventCodec.encode(
                        eventId,
                        ProcessorOutcomeV1.TYPE,
                        URI.create("/" + outcome.processor()),
                        key,
                        Instant.now(),
                        ProcessorSigning.signed(outcome)));
    }

    @Test
    void anErasureFansOutAndCompletesWithOneSignedChainedRecord() {
        // a poison message first: the consumer must dead-letter it and keep going
        TestKafka.publish(Topics.OUTCOMES, "k", "{\"not\":\"a cloud event\"}");

        RequestSubmittedV1 request = submit();
        String key = request.subject().pseudonym();
        List<ProcessorCommandV1> commands = commandsFor(request.requestId());

        assertThat(commands).extracting(ProcessorCommandV1::processor).containsExactlyInAnyOrderElementsOf(PROCESSORS);
        ProcessorCommandV1 payments = commands.stream()
                .filter(c -> c.processor().equals("payments"))
                .findFirst()
                .orElseThrow();
        assertThat(payments.categories()).contains(new CategoryCommand("invoices", Action.RETAIN));

        for (ProcessorCommandV1 command : commands) {
            for (CategoryCommand category : command.categories()) {
                ProcessorOutcomeV1 outcome = answer(command, category);
                String eventId = UUID.randomUUID().toString();
                if (command.processor().equals("analytics")
                        && category.category().equals("events")) {
                    // a newer adapter adds a field this orchestrator does not know: the record must keep it
                    var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(outcome);
                    node.put("vendorJobId", "job-7");
                    ProcessorSigning.signedAgain(node, "analytics");
                    TestKafka.publish(
                            Topics.OUTCOMES,
                            key,
                            EventCodec.encode(
                                    eventId,
                                    ProcessorOutcomeV1.TYPE,
                                    URI.create("/analytics"),
                                    key,
                                    Instant.now(),
                                    node));
                    continue;
                }
                publishOutcome(outcome, eventId, key);
                if (command.processor().equals("hosting")) {
                    publishOutcome(outcome, eventId, key); // a redelivery
                }
            }
        }

        // "exactly one" is checked on the stored chain below (versions of this request), not by watching the topic
        List<ConsumerRecord<String, String>> completions = TestKafka.read(
                Topics.COMPLETIONS,
                r -> r.value().contains(request.requestId().toString()),
                1,
                Duration.ofSeconds(30),
                Duration.ZERO);
        assertThat(completions).as("the completion record").hasSize(1);
        assertThat(completions.get(0).key()).isEqualTo(key);
        CompletionRecordV1 record =
                EventCodec.decode(completions.get(0).value()).dataAs(CompletionRecordV1.class);

        assertThat(record.status()).isEqualTo("COMPLETED_WITH_RETENTION");
        assertThat(record.processors()).hasSize(4);
        assertThat(record.retained())
                .extracting(r -> r.processor() + "/" + r.category())
                .containsExactly("email-delivery/suppression-list", "payments/invoices");
        assertThat(record.retained())
                .allSatisfy(r -> assertThat(r.retainUntil()).isEqualTo(LocalDate.of(2032, 12, 31)));
        assertThat(record.processors().stream()
                        .filter(p -> p.processor().equals("hosting"))
                        .findFirst()
                        .orElseThrow()
                        .outcomes())
                .as("the redelivered outcome is counted once")
                .hasSize(5);

        JsonNode key0 = Json.read(
                        given().get("/api/v1/keys")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString(),
                        JsonNode.class)
                .get(0);
        var publicKey = Signatures.publicKey(key0.get("publicKey").asText());
        assertThat(record.signature().keyId()).isEqualTo(key0.get("keyId").asText());
        // over the JSON as published: a typed copy drops the field this version does not know
        JsonNode published = EventCodec.decode(completions.get(0).value()).data();
        assertThat(SignedJson.verify(published, record.signature(), publicKey)).isTrue();
        assertThat(SignedJson.verify(record, record.signature(), publicKey)).isFalse();

        String stored = given().get("/api/v1/completions/" + request.requestId())
                .then()
                .statusCode(200)
                .extract()
                .asString();
        CompletionRecordV1[] versions = Json.read(stored, CompletionRecordV1[].class);
        assertThat(versions).singleElement().isEqualTo(record);

        String chain = given().get("/api/v1/completions")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(chain).contains("\"vendorJobId\":\"job-7\"");
        var report = new ProofVerifier(ProcessorSigning.verificationKeys()).verify(chain);
        assertThat(report.problem()).as(String.join("\n", report.lines())).isEmpty();
        assertThat(report.verified()).hasSizeGreaterThanOrEqualTo(1);
        CompletionRecordV1[] all = Json.read(chain, CompletionRecordV1[].class);
        for (int i = 0; i < all.length; i++) {
            assertThat(all[i].sequence()).isEqualTo(i + 1L);
            assertThat(all[i].previousRecordHash())
                    .isEqualTo(i == 0 ? CompletionRecordV1.GENESIS_HASH : SignedJson.chainHash(all[i - 1]));
        }

        JsonNode saga = Json.read(
                given().get("/api/v1/sagas/" + request.requestId())
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString(),
                JsonNode.class);
        assertThat(saga.at("/saga/status").asText()).isEqualTo("COMPLETED_WITH_RETENTION");
        assertThat(saga.get("steps"))
                .hasSize(4)
                .allSatisfy(s -> assertThat(s.get("status").asText()).isEqualTo("DONE"));
        assertThat(saga.get("transitions").toString())
                .contains("request received")
                .contains("every category answered");

        List<ConsumerRecord<String, String>> dead = TestKafka.read(
                Topics.deadLetter(Topics.OUTCOMES), r -> r.value().contains("a cloud event"), 1);
        assertThat(dead).isNotEmpty();
        assertThat(TestKafka.header(dead.get(0), "dead-letter-reason")).contains("not a structured JSON CloudEvent");
    }

    @Test
    void sagasCompletingInOnePollGetOneRecordEachInAnUnbrokenChain() {
        List<RequestSubmittedV1> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(submit());
        }
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            RequestSubmittedV1 request = requests.get(i);
            for (ProcessorCommandV1 command : commandsFor(request.requestId())) {
                if (i % 2 == 0) {
                    // as adapters answer: every outcome of the command in one message, each signed alone; one
                    // carries a field this orchestrator does not know, which its record must keep
                    var batch = (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(new ProcessorOutcomeBatchV1(
                            command.commandId(),
                            command.requestId(),
                            command.processor(),
                            command.categories().stream()
                                    .map(category -> answer(command, category))
                                    .toList()));
                    var first = (com.fasterxml.jackson.databind.node.ObjectNode)
                            batch.get("outcomes").get(0);
                    ProcessorSigning.signedAgain(first.put("vendorJobId", "batch-" + i), command.processor());
                    answers.add(EventCodec.encode(
                            UUID.randomUUID().toString(),
                            ProcessorOutcomeBatchV1.TYPE,
                            URI.create("/" + command.processor()),
                            request.subject().pseudonym(),
                            Instant.now(),
                            batch));
                    continue;
                }
                for (CategoryCommand category : command.categories()) {
                    answers.add(EventCodec.encode(
                            UUID.randomUUID().toString(),
                            ProcessorOutcomeV1.TYPE,
                            URI.create("/" + command.processor()),
                            request.subject().pseudonym(),
                            Instant.now(),
                            answer(command, category)));
                }
            }
        }
        // every answer of the five sagas in one burst: the consumer takes them in one or a few polls
        answers.forEach(value ->
                TestKafka.publish(Topics.OUTCOMES, requests.get(0).subject().pseudonym(), value));

        for (RequestSubmittedV1 request : requests) {
            // one each: the stored chain below has no request twice
            assertThat(TestKafka.read(
                            Topics.COMPLETIONS,
                            r -> r.value().contains(request.requestId().toString()),
                            1,
                            Duration.ofSeconds(30),
                            Duration.ZERO))
                    .as("a record per saga")
                    .hasSize(1);
        }
        String chain = given().get("/api/v1/completions")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        var report = new ProofVerifier(ProcessorSigning.verificationKeys()).verify(chain);
        assertThat(report.problem()).as(String.join("\n", report.lines())).isEmpty();
        CompletionRecordV1[] all = Json.read(chain, CompletionRecordV1[].class);
        for (int i = 0; i < all.length; i++) {
            assertThat(all[i].sequence()).isEqualTo(i + 1L);
        }
        assertThat(List.of(all))
                .extracting(CompletionRecordV1::requestId)
                .containsAll(
                        requests.stream().map(RequestSubmittedV1::requestId).toList())
                .doesNotHaveDuplicates();
        assertThat(chain).contains("\"vendorJobId\":\"batch-0\"").contains("\"vendorJobId\":\"batch-4\"");
        for (RequestSubmittedV1 request : requests) {
            CompletionRecordV1 record = List.of(all).stream()
                    .filter(r -> r.requestId().equals(request.requestId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(record.processors()).hasSize(4);
            assertThat(record.processors().stream()
                            .mapToInt(p -> p.outcomes().size())
                            .sum())
                    .as("every category answered once, batched or not")
                    .isEqualTo(16);
        }
    }

    @Test
    void aBatchWithAnOutcomeOfAnotherCommandIsDeadLetteredWhole() {
        RequestSubmittedV1 request = submit();
        ProcessorCommandV1 hosting = commandsFor(request.requestId()).stream()
                .filter(c -> c.processor().equals("hosting"))
                .findFirst()
                .orElseThrow();
        List<ProcessorOutcomeV1> outcomes = new ArrayList<>(hosting.categories().stream()
                .map(category -> answer(hosting, category))
                .toList());
        ProcessorOutcomeV1 first = outcomes.get(0);
        outcomes.set(
                0,
                new ProcessorOutcomeV1(
                        first.outcomeId(),
                        UUID.randomUUID(),
                        first.requestId(),
                        first.processor(),
                        first.category(),
                        first.action(),
                        first.status(),
                        first.evidence(),
                        first.retention(),
                        null,
                        null,
                        first.completedAt(),
                        null));
        String eventId = UUID.randomUUID().toString();
        TestKafka.publish(
                Topics.OUTCOMES,
                "k",
                EventCodec.encode(
                        eventId,
                        ProcessorOutcomeBatchV1.TYPE,
                        URI.create("/hosting"),
                        "k",
                        Instant.now(),
                        new ProcessorOutcomeBatchV1(hosting.commandId(), hosting.requestId(), "hosting", outcomes)));
        List<ConsumerRecord<String, String>> dead = TestKafka.read(
                Topics.deadLetter(Topics.OUTCOMES), r -> r.value().contains(eventId), 1);
        assertThat(dead).hasSize(1);
        assertThat(TestKafka.header(dead.get(0), "dead-letter-reason"))
                .isEqualTo(ProcessorOutcomeBatchV1.TYPE
                        + ": every outcome must answer the batch's commandId, requestId and processor");
        assertThat(storedOutcomes(request.requestId()))
                .as("none of the batch's outcomes was taken")
                .isZero();

        // the adapter's real answer afterwards is taken whole
        List<ProcessorOutcomeV1> answers = hosting.categories().stream()
                .map(category -> answer(hosting, category))
                .toList();
        TestKafka.publish(
                Topics.OUTCOMES,
                "k",
                EventCodec.encode(
                        UUID.randomUUID().toString(),
                        ProcessorOutcomeBatchV1.TYPE,
                        URI.create("/hosting"),
                        "k",
                        Instant.now(),
                        new ProcessorOutcomeBatchV1(hosting.commandId(), hosting.requestId(), "hosting", answers)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> storedOutcomes(request.requestId())
                        == hosting.categories().size());
    }

    private static long storedOutcomes(UUID requestId) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
                    () -> io.quarkus.hibernate.reactive.panache.Panache.withSession(
                            () -> StepOutcome.count("requestId", requestId)));
        } catch (Throwable e) {
            throw new IllegalStateException("cannot count the stored outcomes", e);
        }
    }

    @Test
    void aFailedCategoryNeedsAttentionAndWritesNoRecord() {
        RequestSubmittedV1 request = submit();
        String key = request.subject().pseudonym();
        for (ProcessorCommandV1 command : commandsFor(request.requestId())) {
            for (CategoryCommand category : command.categories()) {
                ProcessorOutcomeV1 outcome = answer(command, category);
                if (command.processor().equals("analytics")
                        && category.category().equals("events")) {
                    outcome = new ProcessorOutcomeV1(
                            outcome.outcomeId(),
                            outcome.commandId(),
                            outcome.requestId(),
                            outcome.processor(),
                            outcome.category(),
                            outcome.action(),
                            OutcomeStatus.FAILED,
                            new Evidence(0, 12, "count by user id"),
                            null,
                            null,
                            new org.dsr.contracts.event.Failure(false, "12 rows still match after erasure"),
                            Instant.now(),
                            null);
                }
                publishOutcome(outcome, UUID.randomUUID().toString(), key);
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode saga = Json.read(
                    given().get("/api/v1/sagas/" + request.requestId())
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString(),
                    JsonNode.class);
            assertThat(saga.at("/saga/status").asText()).isEqualTo("NEEDS_ATTENTION");
            assertThat(saga.get("steps").toString()).contains("12 rows still match after erasure");
        });
        given().get("/api/v1/completions/" + request.requestId())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void anOutcomeItsProcessorDidNotSignIsDeadLetteredWithItsReasonAndTheRealAnswerIsTaken() {
        RequestSubmittedV1 request = submit();
        ProcessorCommandV1 hosting = commandsFor(request.requestId()).stream()
                .filter(c -> c.processor().equals("hosting"))
                .findFirst()
                .orElseThrow();
        CategoryCommand category = hosting.categories().get(0);
        ProcessorOutcomeV1 plain = answer(hosting, category).withSignature(null);
        TestSigningKeys.Pair hostingKey = TestSigningKeys.of("hosting");
        TestSigningKeys.Pair paymentsKey = TestSigningKeys.of("payments");
        java.security.KeyPair stranger = Signatures.generate();
        String strangerId = VerificationKeys.keyId("hosting", stranger.getPublic());
        var tampered = (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.tree(plain.withSignature(SignedJson.sign(plain, hostingKey.keyId(), hostingKey.privateKey())));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tampered.get("evidence"))
                .put("rowsRemaining", 0)
                .put("rowsAffected", 99);

        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("unsigned outcome", plain);
        bad.put(
                "signed with key " + paymentsKey.keyId() + " of payments, not of hosting",
                plain.withSignature(SignedJson.sign(plain, paymentsKey.keyId(), paymentsKey.privateKey())));
        bad.put(
                "signed with key " + strangerId + ", which is not among the processors' public keys",
                plain.withSignature(SignedJson.sign(plain, strangerId, stranger.getPrivate())));
        bad.put("the processor's signature does not verify with key " + hostingKey.keyId(), tampered);
        for (Map.Entry<String, Object> entry : bad.entrySet()) {
            String eventId = UUID.randomUUID().toString();
            TestKafka.publish(
                    Topics.OUTCOMES,
                    "k",
                    EventCodec.encode(
                            eventId,
                            ProcessorOutcomeV1.TYPE,
                            URI.create("/hosting"),
                            "k",
                            Instant.now(),
                            entry.getValue()));
            List<ConsumerRecord<String, String>> dead = TestKafka.read(
                    Topics.deadLetter(Topics.OUTCOMES), r -> r.value().contains(eventId), 1);
            assertThat(dead).as(entry.getKey()).hasSize(1);
            assertThat(TestKafka.header(dead.get(0), "dead-letter-reason"))
                    .isEqualTo("outcome " + plain.outcomeId() + " of hosting: " + entry.getKey());
        }
        assertThat(storedOutcomes(request.requestId()))
                .as("no outcome without its processor's signature")
                .isZero();

        // the adapter's properly signed answers are taken
        hosting.categories()
                .forEach(c ->
                        publishOutcome(answer(hosting, c), UUID.randomUUID().toString(), "k"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> storedOutcomes(request.requestId())
                        == hosting.categories().size());
    }

    @Test
    void aKeyFileSwappedOrDroppedInTheKeysDirectoryAtRunTimeChangesNothing() throws Exception {
        RequestSubmittedV1 request = submit();
        ProcessorCommandV1 hosting = commandsFor(request.requestId()).stream()
                .filter(c -> c.processor().equals("hosting"))
                .findFirst()
                .orElseThrow();
        java.security.KeyPair attacker = Signatures.generate();
        String attackerKey = Signatures.encode(attacker.getPublic()) + "\n";
        java.nio.file.Files.writeString(keysDir.resolve("hosting.pub"), attackerKey);
        java.nio.file.Files.writeString(keysDir.resolve("evil.pub"), attackerKey);
        String attackerId = VerificationKeys.keyId("hosting", attacker.getPublic());
        ProcessorOutcomeV1 plain = answer(hosting, hosting.categories().get(0)).withSignature(null);

        String eventId = UUID.randomUUID().toString();
        TestKafka.publish(
                Topics.OUTCOMES,
                "k",
                EventCodec.encode(
                        eventId,
                        ProcessorOutcomeV1.TYPE,
                        URI.create("/hosting"),
                        "k",
                        Instant.now(),
                        plain.withSignature(SignedJson.sign(plain, attackerId, attacker.getPrivate()))));

        List<ConsumerRecord<String, String>> dead = TestKafka.read(
                Topics.deadLetter(Topics.OUTCOMES), r -> r.value().contains(eventId), 1);
        assertThat(dead).hasSize(1);
        assertThat(TestKafka.header(dead.get(0), "dead-letter-reason"))
                .isEqualTo("outcome " + plain.outcomeId() + " of hosting: signed with key " + attackerId
                        + ", which is not among the processors' public keys");
        assertThat(storedOutcomes(request.requestId()))
                .as("the forged outcome counts for nothing")
                .isZero();
    }

    @Test
    void anOutcomeForAnUnknownRequestIsDeadLetteredWithItsReason() {
        UUID unknown = UUID.randomUUID();
        ProcessorOutcomeV1 outcome = new ProcessorOutcomeV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                unknown,
                "hosting",
                "account",
                Action.ERASE,
                OutcomeStatus.ERASED,
                new Evidence(1, 0, "x"),
                null,
                null,
                null,
                Instant.now(),
                null);
        publishOutcome(outcome, UUID.randomUUID().toString(), "k");
        List<ConsumerRecord<String, String>> dead = TestKafka.read(
                Topics.deadLetter(Topics.OUTCOMES), r -> r.value().contains(unknown.toString()), 1);
        assertThat(dead).hasSize(1);
        assertThat(TestKafka.header(dead.get(0), "dead-letter-reason")).isEqualTo("outcome for an unknown request");
    }
}
