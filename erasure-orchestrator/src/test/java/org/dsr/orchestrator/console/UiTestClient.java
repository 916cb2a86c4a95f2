package org.dsr.orchestrator.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dsr.contracts.Topics;
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
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.dsr.contracts.time.Deadlines;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.saga.ProcessorSigning;
import org.dsr.testsupport.TestKafka;
import org.dsr.testsupport.TestTokens;

/** Plays request-service and the processors for the console's tests, over the real broker; signs in by cookie. */
public final class UiTestClient {

    public static final String COOKIE = "dsr_console";
    public static final String EMAIL = "console.subject@example.com";

    private UiTestClient() {}

    /** The test policy's legacy-crm has its own command topic, which the shared test infrastructure does not create. */
    public static void createTopics() {
        org.dsr.testsupport.TestInfrastructure.get()
                .createTopics(List.of(Topics.commands("legacy-crm"), Topics.deadLetter(Topics.commands("legacy-crm"))));
    }

    /** A console session: the token in the cookie the sign-in sets, and the Origin header the console's POSTs need. */
    public static RequestSpecification as(String subject, String role) {
        return given().redirects()
                .follow(false)
                .cookie(COOKIE, TestTokens.token(subject, role))
                .header("Origin", origin());
    }

    public static RequestSpecification operator() {
        return as("ui-operator", Roles.OPERATOR);
    }

    public static RequestSpecification compliance() {
        return as("ui-compliance", Roles.COMPLIANCE);
    }

    /** The console's own origin, as a browser on its pages would send it (host and port of the Host header). */
    public static String origin() {
        return "http://" + URI.create(RestAssured.baseURI).getHost() + ":" + RestAssured.port;
    }

    public static RequestSubmittedV1 submit(
            SubjectKeys keys, RequestType type, Jurisdiction jurisdiction, Instant received) {
        UUID requestId = UUID.randomUUID();
        Identifier identifier = new Identifier(IdentifierType.EMAIL, EMAIL);
        Subject subject = new Subject(
                keys.pseudonym(identifier),
                List.of(IdentifierType.EMAIL),
                org.dsr.testsupport.TestDataKeys.encrypt(List.of(identifier), requestId));
        RequestSubmittedV1 request = new RequestSubmittedV1(
                requestId, type, jurisdiction, subject, received, Deadlines.dueAt(received, jurisdiction));
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

    public static RequestSubmittedV1 submit(SubjectKeys keys) {
        return submit(keys, RequestType.ERASURE, Jurisdiction.SE, Instant.now());
    }

    public static List<ProcessorCommandV1> commands(String processor, UUID requestId, int expected) {
        List<ConsumerRecord<String, String>> records = TestKafka.read(
                Topics.commands(processor),
                r -> r.value().contains(requestId.toString()),
                expected,
                Duration.ofSeconds(30),
                Duration.ofMillis(300));
        return records.stream()
                .map(r -> EventCodec.decode(r.value()).dataAs(ProcessorCommandV1.class))
                .toList();
    }

    public static ProcessorCommandV1 command(String processor, UUID requestId) {
        List<ProcessorCommandV1> commands = commands(processor, requestId, 1);
        assertThat(commands).as("commands to " + processor).isNotEmpty();
        return commands.get(0);
    }

    public static ProcessorOutcomeV1 outcome(
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
                        "rows matching the subject, read again after the action"),
                retention,
                null,
                failure,
                Instant.now(),
                null);
    }

    public static ProcessorOutcomeV1 success(ProcessorCommandV1 command, CategoryCommand category) {
        return switch (category.action()) {
            case RETAIN ->
                outcome(
                        command,
                        category,
                        OutcomeStatus.RETAINED,
                        new Retention(
                                "Bokföringslagen (1999:1078) 7 kap. 2 §", LocalDate.of(2032, 12, 31), List.of("inv-1")),
                        null);
            case ANONYMISE -> outcome(command, category, OutcomeStatus.ANONYMISED, null, null);
            case RESTRICT -> outcome(command, category, OutcomeStatus.RESTRICTED, null, null);
            case LIFT_RESTRICTION -> outcome(command, category, OutcomeStatus.LIFTED, null, null);
            default -> outcome(command, category, OutcomeStatus.ERASED, null, null);
        };
    }

    public static void answerAll(ProcessorCommandV1 command) {
        command.categories().forEach(c -> publish(success(command, c)));
    }

    /** Every category fails permanently: the step becomes FAILED and the request NEEDS_ATTENTION. */
    public static void failAll(ProcessorCommandV1 command, String reason) {
        command.categories()
                .forEach(c -> publish(outcome(command, c, OutcomeStatus.FAILED, null, new Failure(false, reason))));
    }

    public static void publish(ProcessorOutcomeV1 outcome) {
        TestKafka.publish(
                Topics.OUTCOMES,
                "k",
                EventCodec.encode(
                        UUID.randomUUID().toString(),
                        ProcessorOutcomeV1.TYPE,
                        URI.create("/" + outcome.processor()),
                        "k",
                        Instant.now(),
                        ProcessorSigning.signed(outcome)));
    }

    /** The saga's status through the operator API (bearer token, as API clients do). */
    public static String status(UUID requestId) {
        var response = given().auth()
                .oauth2(TestTokens.token("ui-test", Roles.OPERATOR))
                .get("/api/v1/sagas/" + requestId);
        return response.statusCode() == 200 ? response.jsonPath().getString("saga.status") : "none";
    }
}
