package org.dsr.orchestrator.saga;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dsr.orchestrator.saga.SagaTestClient.answerAll;
import static org.dsr.orchestrator.saga.SagaTestClient.category;
import static org.dsr.orchestrator.saga.SagaTestClient.command;
import static org.dsr.orchestrator.saga.SagaTestClient.commands;
import static org.dsr.orchestrator.saga.SagaTestClient.outcome;
import static org.dsr.orchestrator.saga.SagaTestClient.publish;
import static org.dsr.orchestrator.saga.SagaTestClient.saga;
import static org.dsr.orchestrator.saga.SagaTestClient.status;
import static org.dsr.orchestrator.saga.SagaTestClient.submit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.dsr.contracts.Topics;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.Failure;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.Json;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lifecycles and failure paths on a real broker and database, with short timeouts and backoffs (test profile:
 * 3 attempts, 300 ms backoff, watchdog every second; the test policy's legacy-crm times out after 2 s).
 */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_test"))
@RealInfrastructureTest
class SagaLifecycleTest {

    @Inject
    SubjectKeys keys;

    @org.junit.jupiter.api.BeforeEach
    void signIn() {
        SagaTestClient.signInAsOperator();
    }

    @BeforeAll
    static void slowProcessorTopic() {
        TestInfrastructure.get().createTopics(List.of(Topics.commands("legacy-crm")));
    }

    private static void awaitStatus(UUID requestId, String expected) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(status(requestId)).isEqualTo(expected));
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
    void aRetryableFailureIsDispatchedAgainAndThenCompletes() {
        RequestSubmittedV1 request = submit(keys, RequestType.ERASURE);
        for (String processor : List.of("email-delivery", "analytics", "payments")) {
            answerAll(command(processor, request.requestId()), LocalDate.of(2032, 12, 31));
        }
        ProcessorCommandV1 hosting = command("hosting", request.requestId());
        for (CategoryCommand category : hosting.categories()) {
            publish(
                    category.category().equals("sessions")
                            ? outcome(hosting, category, OutcomeStatus.FAILED, null, new Failure(true, "lock timeout"))
                            : SagaTestClient.success(hosting, category, null));
        }

        List<ProcessorCommandV1> dispatches = commands("hosting", request.requestId(), 2);
        assertThat(dispatches).hasSize(2);
        assertThat(dispatches.get(1).commandId()).isEqualTo(hosting.commandId());
        assertThat(dispatches.get(1).attempt()).isEqualTo(2);
        // each dispatch signed anew (commands() checks both signatures): the re-dispatch is not a copy of the first
        assertThat(dispatches.get(1).signature().value())
                .isNotEqualTo(dispatches.get(0).signature().value());
        assertThat(dispatches.get(1).issuedAt()).isAfter(dispatches.get(0).issuedAt());
        assertThat(saga(request.requestId()).get("transitions").toString())
                .contains("RETRY_SCHEDULED")
                .contains("retry after a retryable failure");

        publish(SagaTestClient.success(dispatches.get(1), category(hosting, "sessions"), null));
        awaitStatus(request.requestId(), "COMPLETED_WITH_RETENTION");
        CompletionRecordV1[] records = Json.read(
                given().get("/api/v1/completions/" + request.requestId())
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString(),
                CompletionRecordV1[].class);
        assertThat(records[0].processors().get(0).outcomes())
                .filteredOn(o -> o.category().equals("sessions"))
                .singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.ERASED));
    }

    @Test
    void aStepWithoutAnswerIsDispatchedAgainThenNeedsAttentionAndAnOperatorCanFinishIt() {
        RequestSubmittedV1 request = submit(keys, RequestType.RESTRICTION);
        answerAll(command("hosting", request.requestId()), null);
        answerAll(command("email-delivery", request.requestId()), null);

        List<ProcessorCommandV1> dispatches = commands("legacy-crm", request.requestId(), 3);
        assertThat(dispatches).extracting(ProcessorCommandV1::attempt).containsExactly(1, 2, 3);
        awaitStatus(request.requestId(), "NEEDS_ATTENTION");
        JsonNode view = saga(request.requestId());
        assertThat(view.get("steps").toString()).contains("no answer within the timeout, after 3 dispatches");
        // the steps are made with the saga, in one transaction: a processor without a step gets no command
        assertThat(view.get("steps").findValuesAsText("processor"))
                .as("restriction does not reach analytics")
                .containsExactlyInAnyOrder("hosting", "email-delivery", "legacy-crm");

        given().contentType(ContentType.JSON)
                .body("{\"reason\":\"\"}")
                .post("/api/v1/sagas/" + request.requestId() + "/steps/legacy-crm/mark-done")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body("{\"reason\":\"restricted by hand in the CRM console, ticket 4711\"}")
                .post("/api/v1/sagas/" + request.requestId() + "/steps/legacy-crm/mark-done")
                .then()
                .statusCode(200);

        awaitStatus(request.requestId(), "COMPLETED");
        view = saga(request.requestId());
        assertThat(view.get("operatorActions").toString())
                .contains("MARK_DONE")
                .contains("ticket 4711")
                .contains("test-operator");
        String record = given().get("/api/v1/completions/" + request.requestId())
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(record).contains("marked done by hand").contains("RESTRICTED");
    }

    @Test
    void liftingARestrictionReachesEveryProcessorThatRestricted() {
        RequestSubmittedV1 request = submit(keys, RequestType.LIFT_RESTRICTION);
        for (String processor : List.of("legacy-crm", "hosting", "email-delivery")) {
            // legacy-crm times out after 2 s and may have been dispatched again: answer the first dispatch
            ProcessorCommandV1 command =
                    commands(processor, request.requestId(), 1).get(0);
            assertThat(command.categories())
                    .allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.LIFT_RESTRICTION));
            answerAll(command, null);
        }
        awaitStatus(request.requestId(), "COMPLETED");
        assertThat(given().get("/api/v1/completions/" + request.requestId())
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("LIFTED")
                .doesNotContain("ERASED");
    }

    @Test
    void aProcessorThatWillFinishAfterTheDeadlinePutsTheRequestAtRisk() {
        RequestSubmittedV1 request = submit(keys, RequestType.ERASURE);
        for (String processor : List.of("hosting", "email-delivery", "payments")) {
            answerAll(command(processor, request.requestId()), LocalDate.of(2032, 12, 31));
        }
        ProcessorCommandV1 analytics = command("analytics", request.requestId());
        for (CategoryCommand category : analytics.categories()) {
            ProcessorOutcomeV1 pending = outcome(analytics, category, OutcomeStatus.PENDING, null, null);
            publish(new ProcessorOutcomeV1(
                    pending.outcomeId(),
                    pending.commandId(),
                    pending.requestId(),
                    pending.processor(),
                    pending.category(),
                    pending.action(),
                    pending.status(),
                    null,
                    null,
                    request.dueAt().plus(Duration.ofDays(3)),
                    null,
                    pending.completedAt(),
                    null));
        }
        awaitStatus(request.requestId(), "AWAITING_PROCESSOR");
        JsonNode view = saga(request.requestId());
        assertThat(view.at("/saga/deadline/atRisk").asBoolean()).isTrue();
        assertThat(view.at("/saga/deadline/overdue").asBoolean()).isFalse();
        assertThat(given().get("/api/v1/sagas?atRisk=true&limit=1000")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains(request.requestId().toString());
    }

    @Test
    void aCancelledRequestStaysCancelledAndGetsNoRecord() {
        RequestSubmittedV1 request = submit(keys, RequestType.ERASURE);
        ProcessorCommandV1 hosting = command("hosting", request.requestId());
        given().contentType(ContentType.JSON)
                .body("{\"reason\":\"submitted twice by mistake\"}")
                .post("/api/v1/sagas/" + request.requestId() + "/cancel")
                .then()
                .statusCode(200);
        answerAll(hosting, null);
        for (String processor : List.of("email-delivery", "analytics", "payments")) {
            answerAll(command(processor, request.requestId()), LocalDate.of(2032, 12, 31));
        }
        // every outcome is stored in the transaction that decides on it: once all are stored, all were decided on
        await().atMost(Duration.ofSeconds(30)).until(() -> storedOutcomes(request.requestId()) == 16);
        assertThat(status(request.requestId())).isEqualTo("CANCELLED");
        given().get("/api/v1/completions/" + request.requestId()).then().statusCode(404);
        given().contentType(ContentType.JSON)
                .body("{\"reason\":\"again\"}")
                .post("/api/v1/sagas/" + request.requestId() + "/cancel")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void aDeadlineIsExtendedOnceByAtMostTwoMonthsWithAReason() {
        Instant received = Instant.parse("2026-01-31T10:00:00Z");
        RequestSubmittedV1 request = submit(keys, RequestType.ERASURE, received);
        command("hosting", request.requestId());
        String path = "/api/v1/sagas/" + request.requestId() + "/extend-deadline";

        given().contentType(ContentType.JSON)
                .body("{\"months\":3,\"reason\":\"complex\"}")
                .post(path)
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"months\":2}")
                .post(path)
                .then()
                .statusCode(400);
        JsonNode view = Json.read(
                given().contentType(ContentType.JSON)
                        .body("{\"months\":2,\"reason\":\"backups at a sub-processor must be searched\"}")
                        .post(path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString(),
                JsonNode.class);
        assertThat(view.at("/saga/deadline/originalDueAt").asText()).isEqualTo("2026-02-28T22:59:59Z");
        assertThat(view.at("/saga/deadline/dueAt").asText()).isEqualTo("2026-04-30T21:59:59Z");
        assertThat(view.at("/saga/deadline/extensionReason").asText()).contains("backups");
        given().contentType(ContentType.JSON)
                .body("{\"months\":1,\"reason\":\"more\"}")
                .post(path)
                .then()
                .statusCode(409);

        // received in January and not finished: overdue even after the extension
        String overdue = given().get("/api/v1/sagas?overdue=true&limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(overdue).contains(request.requestId().toString());
        String fresh = given().get("/api/v1/sagas?processor=hosting&status=IN_PROGRESS&limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(fresh).contains(request.requestId().toString());
    }

    @Test
    void retainedDataIsErasedWhenRetentionEndsAndTheRecordGetsANewVersion() {
        RequestSubmittedV1 request = submit(keys, RequestType.ERASURE);
        LocalDate ended = LocalDate.now().minus(1, ChronoUnit.DAYS);
        for (String processor : List.of("hosting", "email-delivery", "analytics", "payments")) {
            answerAll(command(processor, request.requestId()), ended);
        }
        awaitStatus(request.requestId(), "COMPLETED_WITH_RETENTION");

        // the watchdog sends the deferred erasure, naming the handles and no identifiers
        List<ProcessorCommandV1> payments = commands("payments", request.requestId(), 2);
        assertThat(payments).hasSize(2);
        ProcessorCommandV1 deferred = payments.get(1);
        assertThat(deferred.categories()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.DEFERRED_ERASE);
            assertThat(c.category()).isEqualTo("invoices");
            assertThat(c.retentionHandles()).containsExactly("inv-1", "inv-2");
        });
        assertThat(deferred.subject().identifiers()).isNull();

        publish(outcome(deferred, deferred.categories().get(0), OutcomeStatus.ERASED, null, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            CompletionRecordV1[] versions = Json.read(
                    given().get("/api/v1/completions/" + request.requestId())
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString(),
                    CompletionRecordV1[].class);
            assertThat(versions).hasSize(2);
            assertThat(versions[1].version()).isEqualTo(2);
            assertThat(versions[1].retained())
                    .extracting(CompletionRecordV1.RetainedCategory::category)
                    .as("the suppression hash of email-delivery has the same end date here, so it goes too")
                    .doesNotContain("invoices");
            assertThat(versions[1].processors())
                    .filteredOn(p -> p.processor().equals("payments"))
                    .singleElement()
                    .satisfies(p -> assertThat(p.outcomes())
                            .filteredOn(o -> o.category().equals("invoices"))
                            .singleElement()
                            .satisfies(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.ERASED)));
        });
        JsonNode view = saga(request.requestId());
        assertThat(view.get("deferredErasures").toString()).contains("invoices").contains("DONE");
    }
}
