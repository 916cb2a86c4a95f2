package org.dsr.connector.command;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import jakarta.inject.Inject;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.dsr.adapter.kit.testing.AdapterTestClient;
import org.dsr.connector.ConnectorTestResource;
import org.dsr.connector.SteppedClock;
import org.dsr.connector.sql.PagilaDatabase;
import org.dsr.contracts.Topics;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.security.Roles;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestTokens;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector's command path on real Kafka and PostgreSQL, whatever the kind: what cannot be read or opened is
 * dead-lettered with a reason that quotes nothing and consuming goes on; a redelivered event changes nothing; a
 * re-dispatch (same command id, new event, all the categories again) is answered from what was answered before,
 * pending or final, never acted on twice, and acts only on what failed. Pagila (kind sql) for the synchronous path,
 * vendor-x (kind manual) for the pending one, vendor-h (kind http, WireMock) for a category that fails first.
 */
@QuarkusTest
@QuarkusTestResource(value = ConnectorTestResource.class, restrictToAnnotatedClass = true)
@RealInfrastructureTest
class CommandPathTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String CONNECTOR_DATABASE = "connector_test";
    /** The inbox namespace of the command consumer (its channel). */
    static final String INBOX = ConnectorCommandConsumer.CHANNEL;

    static final List<CategoryCommand> ERASURE = List.of(
            new CategoryCommand("payments", Action.RETAIN),
            new CategoryCommand("rentals", Action.RETAIN),
            new CategoryCommand("customer", Action.ANONYMISE),
            new CategoryCommand("address", Action.ANONYMISE));
    static final List<CategoryCommand> MANUAL =
            List.of(new CategoryCommand("newsletter", Action.ERASE), new CategoryCommand("invoices", Action.RETAIN));
    static final List<CategoryCommand> HTTP =
            List.of(new CategoryCommand("profile", Action.ERASE), new CategoryCommand("events", Action.ERASE));
    static final String HTTP_EMAIL = "hana.http@example.org";
    static final String OPERATOR = TestTokens.token("olivia-operator", Roles.OPERATOR);

    @Inject
    SteppedClock clock;

    AdapterTestClient pagila;
    AdapterTestClient vendorX;
    AdapterTestClient vendorH;

    @BeforeEach
    void setUp() {
        pagila = new AdapterTestClient(ConnectorTestResource.PAGILA, PagilaDatabase.DATABASE);
        vendorX = new AdapterTestClient(ConnectorTestResource.VENDOR_X, CONNECTOR_DATABASE);
        vendorH = new AdapterTestClient(ConnectorTestResource.VENDOR_H, CONNECTOR_DATABASE);
    }

    @AfterEach
    void tearDown() {
        pagila.close();
        vendorX.close();
        vendorH.close();
    }

    @Test
    void deadLettersARecordThatIsNotACloudEventWithoutQuotingItAndKeepsConsuming() {
        int customer = 31;
        ProcessorCommandV1 good = erasureOf(customer);
        String marker = UUID.randomUUID().toString();
        String garbage = "not a cloud event, " + PagilaDatabase.email(customer) + " " + marker;
        // the same key as the good command: the same partition, so the good one comes after it
        pagila.sendRaw(good.subject().pseudonym(), garbage);
        pagila.send(good);

        var dead = pagila.awaitDeadLetter(r -> garbage.equals(r.value()), WAIT);
        String reason = AdapterTestClient.header(dead, "dead-letter-reason");
        assertThat(reason)
                .startsWith("not a structured JSON CloudEvent 1.0")
                .doesNotContain(marker)
                .doesNotContain(PagilaDatabase.email(customer))
                .doesNotContain("cloud event,");
        assertThat(AdapterTestClient.header(dead, "dead-letter-exception-class-name"))
                .isEqualTo(PoisonMessageException.class.getName());
        assertThat(AdapterTestClient.header(dead, "dead-letter-topic")).isEqualTo(pagila.commandsTopic());
        assertThat(dead.key()).isEqualTo(good.subject().pseudonym());

        Map<String, ProcessorOutcomeV1> outcomes = byCategory(pagila.awaitOutcomes(good.requestId(), 4, WAIT));
        assertThat(outcomes.get("customer").status()).isEqualTo(OutcomeStatus.ANONYMISED);
        assertThat(pagila.count("select count(*) from customer where email = ?", PagilaDatabase.email(customer)))
                .isZero();
    }

    @Test
    void deadLettersACommandWhoseIdentifiersCannotBeDecryptedAndAnswersTheNextOne() {
        int victim = 32;
        int next = 33;
        ProcessorCommandV1 original = erasureOf(victim);
        // another request's ciphertext under this request's key id: request-service releases the key (the command is
        // the key's request's), but the ciphertext does not open under it
        var other = erasureOf(victim).subject().identifiers();
        var mine = original.subject().identifiers();
        ProcessorCommandV1 foreign = new ProcessorCommandV1(
                UUID.randomUUID(),
                original.requestId(),
                original.processor(),
                original.requestType(),
                original.jurisdiction(),
                new Subject(
                        original.subject().pseudonym(),
                        original.subject().identifierTypes(),
                        new EncryptedIdentifiers(mine.keyId(), mine.algorithm(), other.nonce(), other.ciphertext())),
                original.categories(),
                original.issuedAt(),
                1);
        ProcessorCommandV1 good = erasureOf(next);
        String foreignEvent = pagila.send(foreign);
        pagila.send(good);

        var dead = pagila.awaitDeadLetter(r -> r.value().contains(foreignEvent), WAIT);
        assertThat(AdapterTestClient.header(dead, "dead-letter-reason"))
                .isEqualTo("subject identifiers cannot be decrypted");
        assertThat(AdapterTestClient.header(dead, "dead-letter-exception-class-name"))
                .isEqualTo(PoisonMessageException.class.getName());

        Map<String, ProcessorOutcomeV1> outcomes = byCategory(pagila.awaitOutcomes(good.requestId(), 4, WAIT));
        assertThat(outcomes.get("customer").status()).isEqualTo(OutcomeStatus.ANONYMISED);
        // the foreign command answered nothing, acted on nothing and left no attempt or step behind
        assertThat(pagila.outcomes(foreign.requestId())).isEmpty();
        assertThat(pagila.count("select count(*) from customer where email = ?", PagilaDatabase.email(victim)))
                .isOne();
        assertThat(connector("select count(*) from connector_attempt where command_id = ?", foreign.commandId()))
                .isZero();
        assertThat(connector("select count(*) from connector_pending where command_id = ?", foreign.commandId()))
                .isZero();
    }

    @Test
    void aRedeliveredEventChangesNothingAndARedispatchOfAnAnsweredCommandIsAnsweredFromTheRecordNotActedOnTwice() {
        int customer = 34;
        ProcessorCommandV1 command = erasureOf(customer);
        String eventId = pagila.send(command);
        List<ProcessorOutcomeV1> first = pagila.awaitOutcomes(command.requestId(), 4, WAIT);
        assertThat(byCategory(first).get("customer").status()).isEqualTo(OutcomeStatus.ANONYMISED);
        assertThat(byCategory(first).get("payments").evidence().rowsAffected()).isEqualTo(2);
        String store = snapshot(customer);

        // the same CloudEvent again (a redelivery): the inbox skips it
        pagila.send(eventId, command);
        // then the orchestrator's re-dispatch: same command id, new event, next attempt; same key, same partition, so
        // it is consumed after the redelivery and its answers follow anything the redelivery would have published
        ProcessorCommandV1 again = new ProcessorCommandV1(
                command.commandId(),
                command.requestId(),
                command.processor(),
                command.requestType(),
                command.jurisdiction(),
                command.subject(),
                command.categories(),
                Instant.now(),
                2);
        pagila.send(again);
        List<ProcessorOutcomeV1> all = pagila.awaitOutcomes(command.requestId(), 8, WAIT);

        // one set of outcomes per dispatch, none for the redelivery
        assertThat(all).hasSize(8);
        assertThat(all.subList(0, 4)).isEqualTo(first);
        assertThat(pagila.readAll(Topics.deadLetter(pagila.commandsTopic())))
                .noneMatch(r -> r.value() != null && r.value().contains(eventId));
        assertThat(connector(
                        "select count(*) from inbox_message where consumer = ? and message_id = ?", INBOX, eventId))
                .isOne();
        // the store was acted on once: neither the redelivery nor the re-dispatch changed a row of the person
        assertThat(snapshot(customer)).isEqualTo(store);

        // the re-dispatch is answered from what the first delivery did, never acted on again (acting again would find
        // nothing, the customer being anonymised, and answer NOT_FOUND for data that was changed): the same statuses,
        // evidence, retention and completion time under new outcome ids
        List<ProcessorOutcomeV1> second = all.subList(4, 8);
        Map<String, ProcessorOutcomeV1> firstOf = byCategory(first);
        assertThat(second)
                .extracting(ProcessorOutcomeV1::category)
                .containsExactly("payments", "rentals", "customer", "address");
        assertThat(second)
                .extracting(ProcessorOutcomeV1::status)
                .containsExactly(
                        OutcomeStatus.RETAINED,
                        OutcomeStatus.RETAINED,
                        OutcomeStatus.ANONYMISED,
                        OutcomeStatus.ANONYMISED);
        assertThat(second).allSatisfy(o -> {
            ProcessorOutcomeV1 original = firstOf.get(o.category());
            assertThat(o.commandId()).isEqualTo(command.commandId());
            assertThat(o.status()).isEqualTo(original.status());
            assertThat(o.evidence()).isEqualTo(original.evidence());
            assertThat(o.retention()).isEqualTo(original.retention());
            assertThat(o.completedAt()).isEqualTo(original.completedAt());
            assertThat(o.signature()).isNotNull();
        });
        Set<UUID> firstIds = first.stream().map(ProcessorOutcomeV1::outcomeId).collect(Collectors.toSet());
        assertThat(second)
                .extracting(ProcessorOutcomeV1::outcomeId)
                .doesNotContainAnyElementsOf(firstIds)
                .doesNotHaveDuplicates();
        // what is remembered: one finished step per category, without the pseudonym or the command
        assertThat(connector(
                        "select count(*) from connector_pending where command_id = ? and status = 'DONE' and"
                                + " final_outcome is not null and message_key is null and command is null",
                        command.commandId()))
                .isEqualTo(4);
        assertThat(connector(
                        "select count(*) from connector_pending where command_id = ? and final_outcome like ?",
                        command.commandId(),
                        "%" + command.subject().pseudonym() + "%"))
                .isZero();
        assertThat(connector("select count(*) from connector_attempt where command_id = ?", command.commandId()))
                .isZero();
    }

    @Test
    void aRedispatchOfAPendingCommandIsAnsweredPendingAgainWithoutASecondStepOrTask() {
        ProcessorCommandV1 command = vendorX.command(
                RequestType.ERASURE,
                Jurisdiction.SE,
                List.of(new Identifier(IdentifierType.EMAIL, "rita.redispatch@example.org")),
                MANUAL);
        vendorX.send(command);
        List<ProcessorOutcomeV1> first = vendorX.awaitOutcomes(command.requestId(), 2, WAIT);
        assertThat(first).extracting(ProcessorOutcomeV1::status).containsOnly(OutcomeStatus.PENDING);
        Instant expected = first.get(0).expectedCompletion();
        assertThat(expected).isAfter(Instant.now().plus(Duration.ofDays(6)));
        assertThat(first).extracting(ProcessorOutcomeV1::expectedCompletion).containsOnly(expected);
        String steps = "select count(*) from connector_pending where command_id = ?";
        assertThat(connector(steps, command.commandId())).isEqualTo(2);
        String tasks = "select count(*) from manual_task where command_id = ?";
        assertThat(connector(tasks, command.commandId())).isOne();

        // the kind keeps the expected completion to the second: a re-dispatch that acted again with the connector's
        // clock five seconds on would answer a later one, so move the clock to tell the two apart
        List<ProcessorOutcomeV1> all;
        clock.advance(Duration.ofSeconds(5));
        try {
            vendorX.send(redispatch(command, 2));
            all = vendorX.awaitOutcomes(command.requestId(), 4, WAIT);
        } finally {
            clock.reset();
        }
        assertThat(all).hasSize(4);
        List<ProcessorOutcomeV1> second = all.subList(2, 4);
        Map<String, ProcessorOutcomeV1> pendingOf = byCategory(first);
        assertThat(second).allSatisfy(o -> {
            assertThat(o.commandId()).isEqualTo(command.commandId());
            assertThat(o.status()).isEqualTo(OutcomeStatus.PENDING);
            assertThat(o.expectedCompletion()).isEqualTo(expected);
            // the kind's own sentence (and counts, exchanges) of the PENDING answer, not a generic one
            assertThat(o.evidence()).isEqualTo(pendingOf.get(o.category()).evidence());
        });
        assertThat(second).extracting(ProcessorOutcomeV1::category).containsExactly("newsletter", "invoices");
        assertThat(second)
                .extracting(ProcessorOutcomeV1::outcomeId)
                .doesNotContainAnyElementsOf(
                        first.stream().map(ProcessorOutcomeV1::outcomeId).toList());
        // no second step, no second task, nothing reminded or polled
        assertThat(connector(steps, command.commandId())).isEqualTo(2);
        assertThat(connector(
                        "select count(*) from connector_pending where command_id = ? and status = 'PENDING'"
                                + " and polls = 0",
                        command.commandId()))
                .isEqualTo(2);
        assertThat(connector(tasks, command.commandId())).isOne();
        assertThat(connector(
                        "select count(*) from manual_task_event e join manual_task t on t.id = e.task_id where"
                                + " t.command_id = ?",
                        command.commandId()))
                .isOne();

        // once finished, a re-dispatch is answered with a copy of the final outcome under its own outcome id
        String taskId =
                connectorText("select cast(id as text) from manual_task where command_id = ?", command.commandId());
        given().auth()
                .oauth2(OPERATOR)
                .contentType(ContentType.JSON)
                .body("""
                {"confirmationText": "done", "outcomes": {"newsletter": {"status": "ERASED"},
                 "invoices": {"status": "RETAINED", "legalBasis": "Bokföringslagen 7 kap. 2 §",
                              "retainUntil": "%s"}}}
                """.formatted(LocalDate.now().plusYears(7)))
                .post("/api/v1/tasks/" + taskId + "/completion")
                .then()
                .statusCode(200);
        List<ProcessorOutcomeV1> finals =
                vendorX.awaitOutcomes(command.requestId(), 6, WAIT).subList(4, 6);
        vendorX.send(redispatch(command, 3));
        List<ProcessorOutcomeV1> copies =
                vendorX.awaitOutcomes(command.requestId(), 8, WAIT).subList(6, 8);
        Map<String, ProcessorOutcomeV1> finalOf = byCategory(finals);
        assertThat(copies).allSatisfy(copy -> {
            ProcessorOutcomeV1 original = finalOf.get(copy.category());
            assertThat(copy.status()).isEqualTo(original.status()).isNotEqualTo(OutcomeStatus.PENDING);
            assertThat(copy.evidence()).isEqualTo(original.evidence());
            assertThat(copy.retention()).isEqualTo(original.retention());
            assertThat(copy.completedAt()).isEqualTo(original.completedAt());
            assertThat(copy.outcomeId()).isNotEqualTo(original.outcomeId());
        });
        assertThat(connector(steps, command.commandId())).isEqualTo(2);
        assertThat(connector(tasks, command.commandId())).isOne();
    }

    @Test
    void aRedispatchAfterARetryableFailureActsOnlyOnTheFailedCategoryAndAnswersTheOthersFromTheRecord()
            throws Exception {
        // read when needed, not injected: every @QuarkusTest class is a bean of every test application, also of
        // those started without ConnectorTestResource
        URL url = URI.create(ConfigProvider.getConfig().getValue(ConnectorTestResource.VENDOR_H_URL, String.class))
                .toURL();
        WireMock vendor = new WireMock(url.getHost(), url.getPort());
        vendor.resetMappings();
        vendor.resetRequests();
        vendor.resetScenarios();
        // profile: one user, gone once deleted; events: the vendor answers 503 for them, for now
        vendor.register(get(urlPathEqualTo("/users"))
                .inScenario("profile")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"users\":[{\"id\":\"u1\"}]}")));
        vendor.register(delete(urlPathEqualTo("/users/u1"))
                .inScenario("profile")
                .willSetStateTo("gone")
                .willReturn(aResponse().withStatus(204)));
        vendor.register(get(urlPathEqualTo("/users"))
                .inScenario("profile")
                .whenScenarioStateIs("gone")
                .willReturn(okJson("{\"users\":[]}")));
        StubMapping down = vendor.register(
                get(urlPathEqualTo("/events")).willReturn(aResponse().withStatus(503)));

        ProcessorCommandV1 command = vendorH.command(
                RequestType.ERASURE, Jurisdiction.SE, List.of(new Identifier(IdentifierType.EMAIL, HTTP_EMAIL)), HTTP);
        vendorH.send(command);
        List<ProcessorOutcomeV1> first = vendorH.awaitOutcomes(command.requestId(), 2, WAIT);
        Map<String, ProcessorOutcomeV1> firstOf = byCategory(first);
        assertThat(firstOf.get("profile").status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(firstOf.get("profile").evidence().rowsAffected()).isOne();
        assertThat(firstOf.get("events").status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(firstOf.get("events").failure().retryable()).isTrue();
        assertThat(requests(vendor, getRequestedFor(urlPathEqualTo("/users")))).isEqualTo(2);
        assertThat(requests(vendor, deleteRequestedFor(urlPathEqualTo("/users/u1"))))
                .isOne();
        assertThat(requests(vendor, getRequestedFor(urlPathEqualTo("/events")))).isEqualTo(3);
        // the final answer is remembered, the failure is not
        String steps = "select count(*) from connector_pending where command_id = ?";
        assertThat(connector(steps, command.commandId())).isOne();

        // the vendor is up again for events (one event, gone once deleted); the orchestrator re-dispatches the whole
        // command, both categories
        vendor.removeStubMapping(down);
        vendor.register(get(urlPathEqualTo("/events"))
                .inScenario("events")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"events\":[{\"id\":\"e1\"}]}")));
        vendor.register(delete(urlPathEqualTo("/events/e1"))
                .inScenario("events")
                .willSetStateTo("gone")
                .willReturn(aResponse().withStatus(204)));
        vendor.register(get(urlPathEqualTo("/events"))
                .inScenario("events")
                .whenScenarioStateIs("gone")
                .willReturn(okJson("{\"events\":[]}")));
        vendorH.send(redispatch(command, 2));
        List<ProcessorOutcomeV1> second =
                vendorH.awaitOutcomes(command.requestId(), 4, WAIT).subList(2, 4);

        assertThat(second).extracting(ProcessorOutcomeV1::category).containsExactly("profile", "events");
        // profile: answered from the record, not asked again (asking again would find nobody: NOT_FOUND)
        ProcessorOutcomeV1 profile = second.get(0);
        assertThat(profile.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(profile.evidence()).isEqualTo(firstOf.get("profile").evidence());
        assertThat(profile.completedAt()).isEqualTo(firstOf.get("profile").completedAt());
        assertThat(profile.outcomeId()).isNotEqualTo(firstOf.get("profile").outcomeId());
        assertThat(requests(vendor, getRequestedFor(urlPathEqualTo("/users")))).isEqualTo(2);
        assertThat(requests(vendor, deleteRequestedFor(urlPathEqualTo("/users/u1"))))
                .isOne();
        // events: acted on, this time with success
        ProcessorOutcomeV1 events = second.get(1);
        assertThat(events.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(events.evidence().rowsAffected()).isOne();
        assertThat(events.evidence().exchanges())
                .extracting(e -> e.step() + " " + e.status())
                .containsExactly("find 200", "act 204", "verify 200");
        assertThat(requests(vendor, deleteRequestedFor(urlPathEqualTo("/events/e1"))))
                .isOne();
        assertThat(connector(
                        "select count(*) from connector_pending where command_id = ? and status = 'DONE'",
                        command.commandId()))
                .isEqualTo(2);
        assertThat(connector(
                        "select count(*) from connector_pending where command_id = ? and (final_outcome like ?"
                                + " or final_outcome like ?)",
                        command.commandId(),
                        "%" + HTTP_EMAIL + "%",
                        "%" + command.subject().pseudonym() + "%"))
                .isZero();
        assertThat(connector("select count(*) from connector_attempt where command_id = ?", command.commandId()))
                .isZero();

        // a third dispatch (an operator's retry) acts on nothing at all
        vendorH.send(redispatch(command, 3));
        List<ProcessorOutcomeV1> third =
                vendorH.awaitOutcomes(command.requestId(), 6, WAIT).subList(4, 6);
        assertThat(third).extracting(ProcessorOutcomeV1::status).containsOnly(OutcomeStatus.ERASED);
        assertThat(requests(vendor, getRequestedFor(urlPathEqualTo("/events")))).isEqualTo(5);
        assertThat(requests(vendor, getRequestedFor(urlPathEqualTo("/users")))).isEqualTo(2);
    }

    private static int requests(WireMock vendor, RequestPatternBuilder pattern) {
        return vendor.find(pattern).size();
    }

    private ProcessorCommandV1 erasureOf(int customer) {
        return pagila.command(
                RequestType.ERASURE,
                Jurisdiction.SE,
                List.of(new Identifier(IdentifierType.EMAIL, PagilaDatabase.email(customer))),
                ERASURE);
    }

    private static ProcessorCommandV1 redispatch(ProcessorCommandV1 command, int attempt) {
        return new ProcessorCommandV1(
                command.commandId(),
                command.requestId(),
                command.processor(),
                command.requestType(),
                command.jurisdiction(),
                command.subject(),
                command.categories(),
                Instant.now(),
                attempt);
    }

    /** Everything Pagila holds about the customer, as text (last_update included: a trigger sets it on update). */
    private String snapshot(int customer) {
        return pagila.rows("select * from customer where customer_id = ?", customer) + "|"
                + pagila.rows(
                        "select * from address where address_id = (select address_id from customer where"
                                + " customer_id = ?)",
                        customer)
                + "|"
                + pagila.rows("select * from rental where customer_id = ? order by rental_id", customer) + "|"
                + pagila.rows("select * from payment where customer_id = ? order by payment_id", customer);
    }

    private long connector(String sql, Object... params) {
        return vendorX.count(sql, params);
    }

    private String connectorText(String sql, Object... params) {
        return vendorX.rows(sql, params).get(0).get(0).toString();
    }

    private static Map<String, ProcessorOutcomeV1> byCategory(List<ProcessorOutcomeV1> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(ProcessorOutcomeV1::category, o -> o));
    }
}
