package org.dsr.connector.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.dsr.adapter.kit.testing.AdapterTestClient;
import org.dsr.adapter.kit.testing.DataKeyStub;
import org.dsr.connector.ConnectorTestResource;
import org.dsr.connector.sql.PagilaDatabase;
import org.dsr.contracts.crypto.IdentifierCipher;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestSigningKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands that did not come from the orchestrator as they are, on real Kafka against Pagila (kind sql): unsigned,
 * signed with another key, changed after signing, replayed, too old, for a processor this connector does not host,
 * its identifiers not under a request's data key or under one destroyed since (request-service: the {@code DataKeyStub}).
 * Each is dead-lettered with its reason, and nothing is done: the person's rows, the connector's bookkeeping and
 * dsr.outcomes are as before.
 */
@QuarkusTest
@QuarkusTestResource(value = ConnectorTestResource.class, restrictToAnnotatedClass = true)
@RealInfrastructureTest
class CommandAttackTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<CategoryCommand> ERASURE = CommandPathTest.ERASURE;
    static final String NOT_THE_ORCHESTRATOR =
            "processor command signature does not verify with the orchestrator's" + " pinned key";

    AdapterTestClient pagila;

    @BeforeEach
    void setUp() {
        pagila = new AdapterTestClient(ConnectorTestResource.PAGILA, PagilaDatabase.DATABASE);
    }

    @AfterEach
    void tearDown() {
        pagila.close();
    }

    @Test
    void anUnsignedCommandIsDeadLetteredAndNothingIsDone() {
        int customer = 36;
        String store = snapshot(customer);
        ProcessorCommandV1 unsigned = erasureOf(customer);
        refused(unsigned, "processor command is not signed", store, customer);
    }

    @Test
    void aCommandSignedWithAnotherKeyIsDeadLetteredAndNothingIsDone() {
        int customer = 36;
        String store = snapshot(customer);
        // hosting's own key, under the orchestrator's key id
        ProcessorCommandV1 unsigned = erasureOf(customer);
        ProcessorCommandV1 forged = unsigned.withSignature(org.dsr.contracts.crypto.SignedJson.sign(
                unsigned,
                TestSigningKeys.of("orchestrator").keyId(),
                TestSigningKeys.of("hosting").privateKey()));
        refused(forged, NOT_THE_ORCHESTRATOR, store, customer);
        // refused before its data key is asked for: request-service (the stub) never released it
        assertThat(DataKeyStub.get().releases(forged.subject().identifiers().keyId()))
                .isZero();
        // the same with a data key request-service does not know: refused before any key is asked for
        ProcessorCommandV1 withDataKey = withSubject(
                forged,
                new Subject(
                        forged.subject().pseudonym(),
                        forged.subject().identifierTypes(),
                        new EncryptedIdentifiers("dk-" + UUID.randomUUID(), "A256GCM", "bm9uY2U=", "Y2lwaGVy")));
        refused(withDataKey, NOT_THE_ORCHESTRATOR, store, customer);
    }

    @Test
    void aCommandWhoseIdentifiersAreNotUnderADataKeyIsDeadLetteredAndNothingIsDone() {
        int customer = 36;
        String store = snapshot(customer);
        // signed by the orchestrator, but its identifiers under a key that is not a request's data key (as the
        // walking skeleton's shared key, ik-...): the connector holds no such key and asks for none
        ProcessorCommandV1 genuine = erasureOf(customer);
        byte[] raw = new byte[32];
        ProcessorCommandV1 otherKey = AdapterTestClient.signed(withSubject(
                genuine,
                new Subject(
                        genuine.subject().pseudonym(),
                        genuine.subject().identifierTypes(),
                        IdentifierCipher.encrypt(
                                email(customer),
                                "ik-0123456789ab",
                                IdentifierCipher.key(raw),
                                genuine.requestId().toString()))));
        refused(otherKey, "subject identifiers are not encrypted under a data key", store, customer);
    }

    @Test
    void aCommandWhoseDataKeyWasDestroyedIsDeadLetteredAndNothingIsDone() {
        int customer = 36;
        String store = snapshot(customer);
        // the request was shredded after the command was sent: request-service answers 410
        ProcessorCommandV1 command = AdapterTestClient.signed(erasureOf(customer));
        DataKeyStub.get().destroy(command.subject().identifiers().keyId());
        refused(command, "subject identifiers cannot be decrypted: data key destroyed", store, customer);
    }

    @Test
    void aRestrictionTurnedIntoAnErasureAfterSigningIsDeadLetteredAndNothingIsDone() {
        int customer = 37;
        String store = snapshot(customer);
        // a genuine restriction, its ciphertext and key id copied into an erasure that keeps the signature
        ProcessorCommandV1 restriction = AdapterTestClient.signed(pagila.command(
                RequestType.RESTRICTION,
                Jurisdiction.SE,
                email(customer),
                List.of(new CategoryCommand("customer", Action.RESTRICT))));
        ProcessorCommandV1 erasure = new ProcessorCommandV1(
                restriction.commandId(),
                restriction.requestId(),
                restriction.processor(),
                RequestType.ERASURE,
                restriction.jurisdiction(),
                restriction.subject(),
                ERASURE,
                restriction.issuedAt(),
                restriction.attempt(),
                restriction.signature());
        refused(erasure, NOT_THE_ORCHESTRATOR, store, customer);
        // only the action changed
        ProcessorCommandV1 anonymise = new ProcessorCommandV1(
                restriction.commandId(),
                restriction.requestId(),
                restriction.processor(),
                restriction.requestType(),
                restriction.jurisdiction(),
                restriction.subject(),
                List.of(new CategoryCommand("customer", Action.ANONYMISE)),
                restriction.issuedAt(),
                restriction.attempt(),
                restriction.signature());
        refused(anonymise, NOT_THE_ORCHESTRATOR, store, customer);
    }

    @Test
    void aReplayedCommandIsDeadLetteredAndNothingMoreIsDoneWhileARedispatchIsStillAnswered() {
        int customer = 38;
        ProcessorCommandV1 command = AdapterTestClient.signed(erasureOf(customer));
        pagila.send(command);
        assertThat(pagila.awaitOutcomes(command.requestId(), 4, WAIT))
                .extracting(o -> o.status())
                .contains(OutcomeStatus.ANONYMISED);
        String store = snapshot(customer);
        assertThat(connector("select last_attempt from connector_command where command_id = ?", command.commandId()))
                .isOne();

        // the very same signed command under a new event id (captured and produced again)
        String again = pagila.send(command);
        awaitRefused(
                again,
                "processor command attempt 1 is not newer than attempt 1 already acted on: refused as a" + " replay");
        // the same command id, newly signed with other content (a later attempt, but an erasure of more): refused
        ProcessorCommandV1 more = AdapterTestClient.signed(new ProcessorCommandV1(
                command.commandId(),
                command.requestId(),
                command.processor(),
                command.requestType(),
                command.jurisdiction(),
                command.subject(),
                List.of(
                        new CategoryCommand("customer", Action.ANONYMISE),
                        new CategoryCommand("address", Action.ANONYMISE),
                        new CategoryCommand("rentals", Action.RETAIN)),
                Instant.now(),
                2));
        awaitRefused(
                pagila.send(more),
                "processor command id seen before with other content (only attempt and"
                        + " issuedAt may change): refused as a replay");
        assertThat(pagila.outcomes(command.requestId())).hasSize(4);
        assertThat(snapshot(customer)).isEqualTo(store);
        assertThat(connector("select last_attempt from connector_command where command_id = ?", command.commandId()))
                .isOne();

        // the orchestrator's re-dispatch (same content, attempt 2, signed anew) is answered from what was done
        pagila.send(new ProcessorCommandV1(
                command.commandId(),
                command.requestId(),
                command.processor(),
                command.requestType(),
                command.jurisdiction(),
                command.subject(),
                command.categories(),
                Instant.now(),
                2));
        assertThat(pagila.awaitOutcomes(command.requestId(), 8, WAIT).subList(4, 8))
                .extracting(o -> o.status())
                .containsExactly(
                        OutcomeStatus.RETAINED,
                        OutcomeStatus.RETAINED,
                        OutcomeStatus.ANONYMISED,
                        OutcomeStatus.ANONYMISED);
        assertThat(snapshot(customer)).isEqualTo(store);
        assertThat(connector("select last_attempt from connector_command where command_id = ?", command.commandId()))
                .isEqualTo(2);
    }

    @Test
    void anOldCommandIsDeadLetteredAsAReplayAndNothingIsDone() {
        int customer = 39;
        String store = snapshot(customer);
        ProcessorCommandV1 fresh = erasureOf(customer);
        ProcessorCommandV1 old = AdapterTestClient.signed(new ProcessorCommandV1(
                fresh.commandId(),
                fresh.requestId(),
                fresh.processor(),
                fresh.requestType(),
                fresh.jurisdiction(),
                fresh.subject(),
                fresh.categories(),
                Instant.now().minus(Duration.ofDays(8)),
                1));
        refused(old, "processor command issued more than PT168H ago: refused as a replay", store, customer);
    }

    @Test
    void aSignedCommandForAProcessorThisConnectorDoesNotHostIsDeadLetteredAndNothingIsDone() {
        int customer = 39;
        String store = snapshot(customer);
        ProcessorCommandV1 command = erasureOf(customer);
        ProcessorCommandV1 payments = AdapterTestClient.signed(new ProcessorCommandV1(
                command.commandId(),
                command.requestId(),
                "payments",
                command.requestType(),
                command.jurisdiction(),
                command.subject(),
                command.categories(),
                command.issuedAt(),
                1));
        refused(payments, "processor command addressed to another processor", store, customer);
    }

    /** Publishes the command exactly as given; it must be dead-lettered with the reason and change nothing. */
    private void refused(ProcessorCommandV1 command, String reason, String store, int customer) {
        String eventId = UUID.randomUUID().toString();
        pagila.sendAsIs(eventId, command);
        awaitRefused(eventId, reason);
        assertThat(snapshot(customer)).isEqualTo(store);
        assertThat(pagila.count("select count(*) from customer where email = ?", PagilaDatabase.email(customer)))
                .isOne();
        assertThat(pagila.outcomes(command.requestId())).isEmpty();
        for (String table : List.of("connector_command", "connector_pending", "connector_attempt")) {
            assertThat(connector("select count(*) from " + table + " where command_id = ?", command.commandId()))
                    .as(table)
                    .isZero();
        }
    }

    private void awaitRefused(String eventId, String reason) {
        var dead = pagila.awaitDeadLetter(r -> r.value() != null && r.value().contains(eventId), WAIT);
        assertThat(AdapterTestClient.header(dead, "dead-letter-reason")).isEqualTo(reason);
        assertThat(AdapterTestClient.header(dead, "dead-letter-exception-class-name"))
                .isEqualTo(PoisonMessageException.class.getName());
    }

    private ProcessorCommandV1 erasureOf(int customer) {
        return pagila.command(RequestType.ERASURE, Jurisdiction.SE, email(customer), ERASURE);
    }

    private static List<Identifier> email(int customer) {
        return List.of(new Identifier(IdentifierType.EMAIL, PagilaDatabase.email(customer)));
    }

    private static ProcessorCommandV1 withSubject(ProcessorCommandV1 c, Subject subject) {
        return new ProcessorCommandV1(
                c.commandId(),
                c.requestId(),
                c.processor(),
                c.requestType(),
                c.jurisdiction(),
                subject,
                c.categories(),
                c.issuedAt(),
                c.attempt(),
                c.signature());
    }

    /** Everything Pagila holds about the customer, as text. */
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
        try (var connection = org.dsr.testsupport.TestInfrastructure.get().connect(CommandPathTest.CONNECTOR_DATABASE);
                var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
