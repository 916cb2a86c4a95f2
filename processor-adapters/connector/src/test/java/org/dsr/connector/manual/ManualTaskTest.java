package org.dsr.connector.manual;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.dsr.adapter.kit.testing.AdapterTestClient;
import org.dsr.connector.ConnectorTestResource;
import org.dsr.contracts.Audiences;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.proof.OutcomeSignatureCheck;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.security.Roles;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kind manual end to end on real Kafka and PostgreSQL: a command to {@code vendor-x} becomes an operator task and
 * PENDING outcomes; an operator lists the task, completes it with the vendor's confirmation, and the final outcomes
 * on dsr.outcomes carry the confirmation's hash and the operator's name, signed with vendor-x's own key.
 */
@QuarkusTest
@QuarkusTestResource(value = ConnectorTestResource.class, restrictToAnnotatedClass = true)
@RealInfrastructureTest
class ManualTaskTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String DATABASE = "connector_test";
    static final String EMAIL = "maria.manual@example.org";
    static final String PHONE = "+46701234567";
    static final List<CategoryCommand> CATEGORIES =
            List.of(new CategoryCommand("newsletter", Action.ERASE), new CategoryCommand("invoices", Action.RETAIN));
    static final String OPERATOR = TestTokens.token("olivia-operator", Roles.OPERATOR);

    @ConfigProperty(name = "dsr.keys-dir")
    Path keysDir;

    AdapterTestClient client;

    @BeforeEach
    void setUp() {
        client = new AdapterTestClient(ConnectorTestResource.VENDOR_X, DATABASE);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void aCommandBecomesATaskAndTheOperatorsCompletionTheSignedFinalOutcome() {
        Instant sent = Instant.now();
        ProcessorCommandV1 command = send();
        List<ProcessorOutcomeV1> pending = client.awaitOutcomes(command.requestId(), 2, WAIT);
        assertThat(pending).extracting(ProcessorOutcomeV1::status).containsOnly(OutcomeStatus.PENDING);
        // respond-within P7D from the command's arrival
        assertThat(pending.get(0).expectedCompletion())
                .isBetween(
                        sent.plus(Duration.ofDays(7)).minusSeconds(2),
                        Instant.now().plus(Duration.ofDays(7)).plusSeconds(1));

        // the operator's list: what to ask, of whom, by when; the identifier types, never their values
        ObjectNode task = openTask(command.requestId());
        String taskId = task.get("id").asText();
        assertThat(taskId)
                .isEqualTo(
                        ManualConnector.taskId(command.commandId(), "vendor-x").toString());
        assertThat(task.get("vendor").asText()).isEqualTo("Vendor X Ltd");
        assertThat(task.get("identifierTypes").toString()).isEqualTo("[\"EMAIL\",\"PHONE\"]");
        assertThat(task.get("instructions").asText())
                .startsWith("Ask Vendor X Ltd to act on request " + command.requestId()
                        + " (ERASURE, SE) for newsletter (ERASE), invoices (RETAIN) by ")
                .contains("give them the subject's EMAIL, PHONE and quote task " + taskId)
                .contains("- newsletter (ERASE): unsubscribe the person and delete the contact");
        assertThat(task.get("categories").findValuesAsText("stepId")).hasSize(2);
        // nothing in the connector's database holds the subject's identifiers
        assertThat(client.count(
                        "select count(*) from manual_task t where cast(t as text) like ? or cast(t as text)"
                                + " like ?",
                        "%" + EMAIL + "%",
                        "%" + PHONE + "%"))
                .isZero();
        assertThat(client.count("select count(*) from manual_task where id = cast(? as uuid)", taskId))
                .isOne();

        String confirmation = "Dear DPO, we have deleted the newsletter contact and keep the invoices for"
                + " bookkeeping. Vendor X privacy desk, case VX-2291.";
        Response done = complete(taskId, OPERATOR, """
                {"confirmationText": %s, "vendorReference": "VX-2291", "note": "answered by mail",
                 "outcomes": {"newsletter": {"status": "ERASED"},
                              "invoices": {"status": "RETAINED", "legalBasis": "Bokföringslagen 7 kap. 2 §",
                                           "retainUntil": "%s"}}}
                """.formatted(
                        Json.write(confirmation), LocalDate.now().plusYears(7)));
        done.then()
                .statusCode(200)
                .body("task.status", equalTo("COMPLETED"))
                .body("task.completedBy", equalTo("olivia-operator"))
                .body("outcomes.newsletter", equalTo("ERASED"));

        List<ProcessorOutcomeV1> all = client.awaitOutcomes(command.requestId(), 4, WAIT);
        Map<String, ProcessorOutcomeV1> finals = all.stream()
                .filter(o -> o.status() != OutcomeStatus.PENDING)
                .collect(Collectors.toMap(ProcessorOutcomeV1::category, o -> o));
        assertThat(finals.get("newsletter").status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(finals.get("invoices").status()).isEqualTo(OutcomeStatus.RETAINED);
        assertThat(finals.get("invoices").retention().legalBasis()).isEqualTo("Bokföringslagen 7 kap. 2 §");
        assertThat(finals.get("invoices").retention().retainUntil())
                .isEqualTo(LocalDate.now().plusYears(7));
        assertThat(finals.get("invoices").retention().handles()).containsExactly(taskId);
        String hash = ManualCompletion.sha256(confirmation.getBytes(StandardCharsets.UTF_8));
        for (ProcessorOutcomeV1 outcome : finals.values()) {
            assertThat(outcome.evidence().exchanges())
                    .containsExactly(new Evidence.Exchange(
                            "confirmation", "manual: Vendor X Ltd", null, List.of("VX-2291"), hash, "olivia-operator"));
            assertThat(outcome.evidence().verification()).contains("olivia-operator");
            var check = OutcomeSignatureCheck.check(
                    (ObjectNode) Json.tree(outcome),
                    "vendor-x",
                    VerificationKeys.fromDirectory(keysDir)::find,
                    Signatures::verify);
            assertThat(check.verified()).as(check.problem("vendor-x")).isTrue();
            assertThat(Json.write(outcome)).doesNotContain(EMAIL).doesNotContain(PHONE);
        }

        // once is enough: a second completion is refused and changes nothing
        complete(taskId, OPERATOR, validBody())
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("olivia-operator"));
        given().auth()
                .oauth2(OPERATOR)
                .get("/api/v1/tasks/" + taskId)
                .then()
                .statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("confirmations[0].sha256", equalTo(hash));
        given().auth()
                .oauth2(OPERATOR)
                .get("/api/v1/tasks")
                .then()
                .statusCode(200)
                .body("id", org.hamcrest.Matchers.not(hasItem(taskId)));
        given().auth()
                .oauth2(OPERATOR)
                .get("/api/v1/tasks?status=completed")
                .then()
                .statusCode(200)
                .body("id", hasItem(taskId));
        assertThat(client.rows(
                        "select event, actor, detail from manual_task_event where task_id = cast(? as uuid)"
                                + " order by id",
                        taskId))
                .satisfiesExactly(
                        created -> assertThat(created.subList(0, 2)).containsExactly("CREATED", "connector"),
                        completed -> {
                            assertThat(completed.subList(0, 2)).containsExactly("COMPLETED", "olivia-operator");
                            assertThat(completed.get(2).toString())
                                    .isEqualTo("newsletter=ERASED,"
                                            + " invoices=RETAINED; 1 confirmation(s); note: answered by mail");
                        });
        assertThat(client.count(
                        "select count(*) from connector_pending where command_id = cast(? as uuid) and"
                                + " status = 'DONE'",
                        command.commandId().toString()))
                .isEqualTo(2);
    }

    @Test
    void aFileConfirmationIsHashedAsItsBytes() {
        ProcessorCommandV1 command = send();
        client.awaitOutcomes(command.requestId(), 2, WAIT);
        String taskId = openTask(command.requestId()).get("id").asText();
        byte[] pdf = "%PDF-1.7 the vendor's signed letter".getBytes(StandardCharsets.ISO_8859_1);

        complete(taskId, OPERATOR, """
                {"confirmationFile": "%s", "outcomes": {"newsletter": {"status": "NOT_FOUND"},
                 "invoices": {"status": "FAILED", "reason": "the vendor's archive is offline until March"}}}
                """.formatted(Base64.getEncoder().encodeToString(pdf)))
                .then()
                .statusCode(200);

        Map<String, ProcessorOutcomeV1> finals = client.awaitOutcomes(command.requestId(), 4, WAIT).stream()
                .filter(o -> o.status() != OutcomeStatus.PENDING)
                .collect(Collectors.toMap(ProcessorOutcomeV1::category, o -> o));
        assertThat(finals.get("newsletter").status()).isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(finals.get("invoices").status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(finals.get("invoices").failure().reason())
                .isEqualTo("Vendor X Ltd did not act: the vendor's archive is offline until March");
        assertThat(finals.get("invoices").failure().retryable()).isFalse();
        assertThat(finals.get("newsletter").evidence().exchanges().get(0).sha256())
                .isEqualTo(ManualCompletion.sha256(pdf));
    }

    @Test
    void onlyOperatorsSeeAndCompleteTasks() {
        ProcessorCommandV1 command = send();
        client.awaitOutcomes(command.requestId(), 2, WAIT);
        String taskId = openTask(command.requestId()).get("id").asText();

        complete(taskId, TestTokens.token("carl-compliance", Roles.COMPLIANCE), validBody())
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(TestTokens.token("carl-compliance", Roles.COMPLIANCE))
                .get("/api/v1/tasks")
                .then()
                .statusCode(403);
        given().contentType(ContentType.JSON)
                .body(validBody())
                .post("/api/v1/tasks/" + taskId + "/completion")
                .then()
                .statusCode(401);
        // an operator's token for another service, or an expired one, is no token here
        complete(
                        taskId,
                        TestTokens.forAudience(
                                List.of(Audiences.REQUEST_SERVICE, Audiences.ORCHESTRATOR),
                                "olivia-operator",
                                Roles.OPERATOR),
                        validBody())
                .then()
                .statusCode(401);
        complete(taskId, TestTokens.expired("olivia-operator", Roles.OPERATOR), validBody())
                .then()
                .statusCode(401);
        // refused, so the task is still open and nothing final was published
        assertThat(openTask(command.requestId()).get("status").asText()).isEqualTo("OPEN");
        assertThat(client.outcomes(command.requestId()))
                .extracting(ProcessorOutcomeV1::status)
                .containsOnly(OutcomeStatus.PENDING);
    }

    @Test
    void anUnknownTaskIsNotFound() {
        complete(UUID.randomUUID().toString(), OPERATOR, validBody())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        complete("not-a-task", OPERATOR, validBody()).then().statusCode(404);
    }

    @Test
    void badCompletionsAreProblemsNamingTheFieldsAndChangeNothing() {
        ProcessorCommandV1 command = send();
        client.awaitOutcomes(command.requestId(), 2, WAIT);
        String taskId = openTask(command.requestId()).get("id").asText();

        complete(taskId, OPERATOR, """
                {"confirmationText": "done", "outcomes": {"newsletter": {"status": "DELETED"},
                 "invoices": {"status": "RETAINED", "retainUntil": "2020-01-01"}}}
                """)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "errors.field",
                        org.hamcrest.Matchers.containsInAnyOrder(
                                "outcomes.newsletter.status",
                                "outcomes.invoices.legalBasis",
                                "outcomes.invoices.retainUntil"))
                .body(
                        "errors.find { it.field == 'outcomes.newsletter.status' }.message",
                        equalTo("must be one of [ERASED, NOT_FOUND, FAILED]"));
        complete(taskId, OPERATOR, """
                {"outcomes": {"newsletter": {"status": "FAILED", "reason": "write to %s instead"},
                 "invoices": {"status": "NOT_FOUND"}}}
                """.formatted(EMAIL))
                .then()
                .statusCode(400)
                .body(
                        "errors.field",
                        org.hamcrest.Matchers.containsInAnyOrder("confirmationText", "outcomes.newsletter.reason"))
                .body(org.hamcrest.Matchers.not(containsString(EMAIL)));
        complete(
                        taskId,
                        OPERATOR,
                        "{\"confirmationText\": \"ok\", \"outcomes\": {\"newsletter\": {\"status\":" + " \"ERASED\"}}}")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("outcomes.invoices.status"));

        assertThat(openTask(command.requestId()).get("status").asText()).isEqualTo("OPEN");
        assertThat(client.count("select count(*) from manual_task_event where task_id = cast(? as uuid)", taskId))
                .isOne();
    }

    @Test
    void anOverdueTaskIsRemindedOnceAndStaysPending() {
        ProcessorCommandV1 command = send();
        client.awaitOutcomes(command.requestId(), 2, WAIT);
        String taskId = openTask(command.requestId()).get("id").asText();

        // the vendor's time is up: both steps fall due now
        client.execute(
                "update connector_pending set expected_completion = now() - interval '1 minute', due_at ="
                        + " now() - interval '1 minute' where command_id = cast(? as uuid)",
                command.commandId());

        await().atMost(WAIT)
                .until(() -> client.count(
                                "select count(*) from connector_pending where command_id ="
                                        + " cast(? as uuid) and due_at > now() + interval '23 hours'",
                                command.commandId())
                        == 2);
        assertThat(client.count("select reminders from manual_task where id = cast(? as uuid)", taskId))
                .isOne();
        assertThat(client.count(
                        "select count(*) from manual_task_event where task_id = cast(? as uuid) and event ="
                                + " 'REMINDED' and actor = 'connector'",
                        taskId))
                .isOne();
        assertThat(client.count(
                        "select count(*) from connector_pending where command_id = cast(? as uuid) and"
                                + " status = 'PENDING' and polls = 1",
                        command.commandId()))
                .isEqualTo(2);
        ObjectNode task = openTask(command.requestId());
        assertThat(task.get("reminders").asInt()).isOne();
        assertThat(Instant.parse(task.get("remindedAt").asText()))
                .isAfter(Instant.now().minus(1, ChronoUnit.MINUTES));
        // a reminder publishes nothing: the orchestrator's own timeout runs from the expected completion it has
        assertThat(client.outcomes(command.requestId())).hasSize(2);
    }

    @Test
    void aDeferredErasureNamesTheRetainedRecordsAndNoIdentifierTypes() {
        String handle = UUID.randomUUID().toString();
        ProcessorCommandV1 command = client.deferredErase("pseudonym", "invoices", List.of(handle));
        client.send(command);
        assertThat(client.awaitOutcomes(command.requestId(), 1, WAIT))
                .extracting(ProcessorOutcomeV1::status)
                .containsExactly(OutcomeStatus.PENDING);

        ObjectNode task = openTask(command.requestId());
        assertThat(task.get("identifierTypes")).isEmpty();
        assertThat(task.get("instructions").asText())
                .contains("for invoices (DEFERRED_ERASE)")
                .contains("no identifiers (the retained records are named below)")
                .endsWith("- invoices: the records retained under " + handle);
        complete(task.get("id").asText(), OPERATOR, """
                {"confirmationText": "deleted", "outcomes": {"invoices": {"status": "RETAINED"}}}
                """)
                .then()
                .statusCode(400)
                .body("errors[0].message", equalTo("must be one of [ERASED, NOT_FOUND, FAILED]"));
    }

    private ProcessorCommandV1 send() {
        ProcessorCommandV1 command = client.command(
                RequestType.ERASURE,
                Jurisdiction.SE,
                List.of(new Identifier(IdentifierType.EMAIL, EMAIL), new Identifier(IdentifierType.PHONE, PHONE)),
                CATEGORIES);
        client.send(command);
        return command;
    }

    private static ObjectNode openTask(UUID requestId) {
        String body = given().auth()
                .oauth2(OPERATOR)
                .get("/api/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (JsonNode node : Json.read(body, JsonNode.class)) {
            if (node.get("requestId").asText().equals(requestId.toString())) {
                return (ObjectNode) node;
            }
        }
        throw new AssertionError("no open task for request " + requestId);
    }

    private static Response complete(String taskId, String token, String body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/tasks/" + taskId + "/completion");
    }

    private static String validBody() {
        return """
                {"confirmationText": "done", "outcomes": {"newsletter": {"status": "ERASED"},
                 "invoices": {"status": "NOT_FOUND"}}}
                """;
    }
}
