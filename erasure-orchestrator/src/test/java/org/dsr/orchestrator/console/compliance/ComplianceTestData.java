package org.dsr.orchestrator.console.compliance;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dsr.contracts.Topics;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.Evidence;
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
import org.dsr.testsupport.TestKafka;
import org.dsr.testsupport.TestSigningKeys;
import org.dsr.testsupport.TestTokens;

/**
 * Drives erasure sagas to completion over the real broker, the way request-service and the four processor
 * adapters would: a RequestSubmittedV1 on dsr.requests, then one signed outcome per category of every command.
 * Each processor signs with its own key, written as {@code <processor>.pub} into the orchestrator's keys directory,
 * so the console and the offline verifier check the processors' signatures too.
 */
final class ComplianceTestData {

    static final List<String> ERASURE_PROCESSORS = List.of("hosting", "email-delivery", "analytics", "payments");

    private ComplianceTestData() {}

    static String token(String subject, String... roles) {
        return TestTokens.token(subject, roles);
    }

    static String complianceToken() {
        return token("test-compliance", Roles.COMPLIANCE);
    }

    /** Submits an erasure for the identifier, answers every command with signed outcomes, waits for the record. */
    static UUID completeErasure(SubjectKeys keys, Jurisdiction jurisdiction, Identifier identifier, Instant received) {
        return completeErasure(keys, jurisdiction, identifier, received, id -> {});
    }

    /** @param beforeAnswers runs once the saga dispatched its commands, before any processor answers */
    static UUID completeErasure(
            SubjectKeys keys,
            Jurisdiction jurisdiction,
            Identifier identifier,
            Instant received,
            java.util.function.Consumer<UUID> beforeAnswers) {
        UUID requestId = UUID.randomUUID();
        Subject subject = new Subject(
                keys.pseudonym(identifier),
                List.of(identifier.type()),
                org.dsr.testsupport.TestDataKeys.encrypt(List.of(identifier), requestId));
        RequestSubmittedV1 request = new RequestSubmittedV1(
                requestId,
                RequestType.ERASURE,
                jurisdiction,
                subject,
                received,
                Deadlines.dueAt(received, jurisdiction));
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
        List<ProcessorCommandV1> commands =
                ERASURE_PROCESSORS.stream().map(p -> command(p, requestId)).toList();
        beforeAnswers.accept(requestId);
        for (ProcessorCommandV1 command : commands) {
            String processor = command.processor();
            TestSigningKeys.Pair signer = TestSigningKeys.of(processor);
            for (CategoryCommand category : command.categories()) {
                publish(signed(outcome(command, category, jurisdiction), signer));
            }
        }
        awaitRecord(requestId);
        return requestId;
    }

    static UUID completeErasure(SubjectKeys keys, Jurisdiction jurisdiction, String email) {
        return completeErasure(keys, jurisdiction, new Identifier(IdentifierType.EMAIL, email), Instant.now());
    }

    static void awaitRecord(UUID requestId) {
        String token = complianceToken();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> given().header("Authorization", "Bearer " + token)
                                .get("/api/v1/completions/" + requestId)
                                .statusCode()
                        == 200);
    }

    static ProcessorCommandV1 command(String processor, UUID requestId) {
        List<ConsumerRecord<String, String>> records = TestKafka.read(
                Topics.commands(processor),
                r -> r.value().contains(requestId.toString()),
                1,
                Duration.ofSeconds(30),
                Duration.ofMillis(100));
        if (records.isEmpty()) {
            throw new AssertionError("no command to " + processor + " for request " + requestId);
        }
        return EventCodec.decode(records.get(0).value()).dataAs(ProcessorCommandV1.class);
    }

    /** What the real adapters answer, with the retention rules of the sample policy. */
    static ProcessorOutcomeV1 outcome(ProcessorCommandV1 command, CategoryCommand category, Jurisdiction jurisdiction) {
        OutcomeStatus status;
        Retention retention = null;
        String verification;
        switch (category.action()) {
            case RETAIN -> {
                status = OutcomeStatus.RETAINED;
                if ("suppression-list".equals(category.category())) {
                    retention = new Retention(
                            "GDPR Art. 17(3)(b) and 21(3): suppression of further processing",
                            null,
                            List.of("sup-" + command.requestId().toString().substring(0, 8)));
                    verification = "one keyed hash kept on the suppression list";
                } else if (jurisdiction == Jurisdiction.DK) {
                    retention = new Retention(
                            "Bogføringsloven § 12", LocalDate.of(2030, 12, 31), List.of("inv-7001", "inv-7002"));
                    verification = "invoices restricted: storage only";
                } else {
                    retention = new Retention(
                            "Bokföringslagen (1999:1078) 7 kap. 2 §",
                            LocalDate.of(2032, 12, 31),
                            List.of("inv-17", "inv-18"));
                    verification = "invoices restricted: storage only";
                }
            }
            case ANONYMISE -> {
                status = OutcomeStatus.ANONYMISED;
                verification = "select by subject after anonymising: 0 rows";
            }
            default -> {
                status = OutcomeStatus.ERASED;
                verification = "select by subject after delete: 0 rows";
            }
        }
        long remaining = status == OutcomeStatus.RETAINED ? 2 : 0;
        return new ProcessorOutcomeV1(
                UUID.randomUUID(),
                command.commandId(),
                command.requestId(),
                command.processor(),
                category.category(),
                category.action(),
                status,
                new Evidence(3, remaining, verification),
                retention,
                null,
                null,
                Instant.now(),
                null);
    }

    static ProcessorOutcomeV1 signed(ProcessorOutcomeV1 outcome, TestSigningKeys.Pair signer) {
        return outcome.withSignature(SignedJson.sign(outcome, signer.keyId(), signer.privateKey()));
    }

    static void publish(ProcessorOutcomeV1 outcome) {
        TestKafka.publish(
                Topics.OUTCOMES,
                "k",
                EventCodec.encode(
                        UUID.randomUUID().toString(),
                        ProcessorOutcomeV1.TYPE,
                        URI.create("/" + outcome.processor()),
                        "k",
                        Instant.now(),
                        outcome));
    }
}
