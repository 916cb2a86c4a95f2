package org.dsr.orchestrator.saga;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dsr.contracts.Topics;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Failure;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.event.Retention;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.dsr.contracts.time.Deadlines;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.testsupport.TestKafka;

/** Plays request-service and the processors against the orchestrator, over the real broker. */
final class SagaTestClient {

    static final String EMAIL = "saga.subject@example.com";

    private SagaTestClient() {}

    /** Every RestAssured call of the test carries a token with the operator and compliance roles. */
    static void signInAsOperator() {
        io.restassured.RestAssured.requestSpecification = new io.restassured.builder.RequestSpecBuilder()
                .addHeader(
                        "Authorization",
                        "Bearer "
                                + org.dsr.testsupport.TestTokens.token(
                                        "test-operator",
                                        org.dsr.kit.security.Roles.OPERATOR,
                                        org.dsr.kit.security.Roles.COMPLIANCE))
                .build();
    }

    static RequestSubmittedV1 submit(SubjectKeys keys, RequestType type, Instant received) {
        UUID requestId = UUID.randomUUID();
        Identifier identifier = new Identifier(IdentifierType.EMAIL, EMAIL);
        Subject subject = new Subject(
                keys.pseudonym(identifier),
                List.of(IdentifierType.EMAIL),
                org.dsr.testsupport.TestDataKeys.encrypt(List.of(identifier), requestId));
        RequestSubmittedV1 request = new RequestSubmittedV1(
                requestId, type, Jurisdiction.SE, subject, received, Deadlines.dueAt(received, Jurisdiction.SE));
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

    static RequestSubmittedV1 submit(SubjectKeys keys, RequestType type) {
        return submit(keys, type, Instant.now());
    }

    /**
     * The commands of one request on a processor's topic, in order; each must carry the orchestrator's signature,
     * valid with its public key ({@code orchestrator.pub} in the keys directory) over exactly what was published.
     */
    static List<ProcessorCommandV1> commands(String processor, UUID requestId, int expected) {
        List<ConsumerRecord<String, String>> records = TestKafka.read(
                Topics.commands(processor),
                r -> r.value().contains(requestId.toString()),
                expected,
                Duration.ofSeconds(30),
                Duration.ofMillis(500));
        records.forEach(r -> assertThat(r.value()).doesNotContain(EMAIL));
        List<ProcessorCommandV1> commands = records.stream()
                .map(r -> EventCodec.decode(r.value()).dataAs(ProcessorCommandV1.class))
                .toList();
        commands.forEach(SagaTestClient::assertSignedByTheOrchestrator);
        return commands;
    }

    /** Signed with the orchestrator's key (the JDK's verifier), and no longer valid once its action is changed. */
    static void assertSignedByTheOrchestrator(ProcessorCommandV1 command) {
        // the orchestrator under test signs with the test-only pair PolicyInfrastructure writes into its keys dir
        java.security.PublicKey orchestrator =
                org.dsr.testsupport.TestSigningKeys.of("orchestrator").publicKey();
        assertThat(command.signature())
                .as("signature of command " + command.commandId())
                .isNotNull();
        assertThat(command.signature().keyId())
                .isEqualTo(org.dsr.contracts.proof.VerificationKeys.keyId("orchestrator", orchestrator));
        assertThat(org.dsr.contracts.crypto.SignedJson.verify(command, command.signature(), orchestrator))
                .isTrue();
        ProcessorCommandV1 changed = command.withCategories(command.categories().stream()
                        .map(c -> new CategoryCommand(c.category(), Action.ERASE, c.retentionHandles()))
                        .toList())
                .withSignature(command.signature());
        ProcessorCommandV1 erasure = new ProcessorCommandV1(
                command.commandId(),
                command.requestId(),
                command.processor(),
                command.requestType() == RequestType.ERASURE ? RequestType.RESTRICTION : RequestType.ERASURE,
                command.jurisdiction(),
                command.subject(),
                command.categories(),
                command.issuedAt(),
                command.attempt(),
                command.signature());
        assertThat(org.dsr.contracts.crypto.SignedJson.verify(erasure, erasure.signature(), orchestrator))
                .isFalse();
        if (command.categories().stream().anyMatch(c -> c.action() != Action.ERASE)) {
            assertThat(org.dsr.contracts.crypto.SignedJson.verify(changed, changed.signature(), orchestrator))
                    .isFalse();
        }
    }

    static ProcessorCommandV1 command(String processor, UUID requestId) {
        List<ProcessorCommandV1> commands = commands(processor, requestId, 1);
        assertThat(commands).as("commands to " + processor).hasSize(1);
        return commands.get(0);
    }

    static ProcessorOutcomeV1 outcome(
            ProcessorCommandV1 command,
            CategoryCommand category,
            OutcomeStatus status,
            Retention retention,
            Failure failure) {
        return new ProcessorOutcomeV1(
                UUID.randomUUID(),
                command.commandId(),
                command.requestId(),
                command.processor(),
                category.category(),
                category.action(),
                status,
                new Evidence(
                        status == OutcomeStatus.NOT_FOUND ? 0 : 2,
                        status == OutcomeStatus.FAILED ? 2 : 0,
                        "count by email"),
                retention,
                null,
                failure,
                Instant.now(),
                null);
    }

    /** The positive answer a processor gives to each category of the command. */
    static ProcessorOutcomeV1 success(ProcessorCommandV1 command, CategoryCommand category, LocalDate retainUntil) {
        return switch (category.action()) {
            case RETAIN ->
                outcome(
                        command,
                        category,
                        OutcomeStatus.RETAINED,
                        new Retention("Bokföringslagen (1999:1078) 7 kap. 2 §", retainUntil, List.of("inv-1", "inv-2")),
                        null);
            case ANONYMISE -> outcome(command, category, OutcomeStatus.ANONYMISED, null, null);
            case RESTRICT -> outcome(command, category, OutcomeStatus.RESTRICTED, null, null);
            case LIFT_RESTRICTION -> outcome(command, category, OutcomeStatus.LIFTED, null, null);
            default -> outcome(command, category, OutcomeStatus.ERASED, null, null);
        };
    }

    static void answerAll(ProcessorCommandV1 command, LocalDate retainUntil) {
        for (CategoryCommand category : command.categories()) {
            publish(success(command, category, retainUntil));
        }
    }

    static void publish(ProcessorOutcomeV1 outcome) {
        publish(outcome, UUID.randomUUID().toString());
    }

    static void publish(ProcessorOutcomeV1 outcome, String eventId) {
        TestKafka.publish(
                Topics.OUTCOMES,
                "k",
                EventCodec.encode(
                        eventId,
                        ProcessorOutcomeV1.TYPE,
                        URI.create("/" + outcome.processor()),
                        "k",
                        Instant.now(),
                        ProcessorSigning.signed(outcome)));
    }

    static JsonNode saga(UUID requestId) {
        return Json.read(
                given().get("/api/v1/sagas/" + requestId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString(),
                JsonNode.class);
    }

    static String status(UUID requestId) {
        return saga(requestId).at("/saga/status").asText();
    }

    static CategoryCommand category(ProcessorCommandV1 command, String name) {
        return command.categories().stream()
                .filter(c -> c.category().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static boolean isRetain(CategoryCommand c) {
        return c.action() == Action.RETAIN;
    }
}
