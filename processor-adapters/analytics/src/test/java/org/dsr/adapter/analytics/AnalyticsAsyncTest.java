package org.dsr.adapter.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import org.dsr.adapter.kit.sample.SamplePerson;
import org.dsr.adapter.kit.sample.SampleSubjects;
import org.dsr.adapter.kit.testing.AdapterTestClient;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Subject;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.testsupport.RealInfrastructureResource;

/**
 * Analytics as an asynchronous processor for {@code events}: PENDING first (and for the categories after it), the
 * final outcome from the kit's job after the delay (docs/adapters.md, "Asynchronous processors").
 */
@QuarkusTest
@TestProfile(AnalyticsAsyncTest.Async.class)
@QuarkusTestResource(value = RealInfrastructureResource.class, initArgs = {
        @ResourceArg(name = "database", value = "analytics_test"), @ResourceArg(name = "processors", value = "analytics") })
class AnalyticsAsyncTest {

    static final Duration DELAY = Duration.ofSeconds(6);
    static final Duration WAIT = Duration.ofSeconds(30);

    public static class Async implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dsr.adapter.async-categories", "events",
                    "dsr.adapter.async-delay", DELAY.toString(),
                    "dsr.adapter.pending.interval", "1s",
                    "dsr.adapter.pending.max-attempts", "2",
                    "dsr.adapter.pending.initial-backoff", "PT0.3S");
        }
    }

    @Inject
    SubjectKeys keys;

    AdapterTestClient client;

    @BeforeEach
    void setUp() {
        client = new AdapterTestClient("analytics", "analytics_test", keys);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void answersPendingThenFinishesTheErasureAfterTheDelay() {
        SamplePerson bjorn = SampleSubjects.BJORN;
        String devices = "select device_id from devices where user_id = ?";
        String eventsOfBjorn = "select count(*) from events where user_id = ? or device_id in (" + devices + ")";
        long events = client.count(eventsOfBjorn, bjorn.userId(), bjorn.userId());
        assertThat(events).isPositive();
        String keysJson = io.restassured.RestAssured.get("/api/v1/keys").asString();

        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email(bjorn.email()), AnalyticsAdapterTest.ERASURE);
        Instant sent = Instant.now();
        String eventId = client.send(command);
        List<ProcessorOutcomeV1> first = client.awaitOutcomes(command.requestId(), 3, WAIT);
        assertThat(first).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(OutcomeStatus.PENDING);
            assertThat(o.commandId()).isEqualTo(command.commandId());
            assertThat(o.expectedCompletion()).isAfter(sent.plus(DELAY).minusSeconds(1));
        });
        Instant expected = first.get(0).expectedCompletion();
        assertThat(first).extracting(ProcessorOutcomeV1::expectedCompletion).containsOnly(expected);
        client.assertSigned(first, keysJson);
        // nothing acted on yet; the rows hold keys, never the identifiers
        assertThat(client.count(eventsOfBjorn, bjorn.userId(), bjorn.userId())).isEqualTo(events);
        assertThat(client.count("select count(*) from pending_work where command_id = ? and status = 'PENDING'",
                command.commandId())).isEqualTo(3);
        assertThat(client.count("select count(*) from pending_work where command ilike ? or subject_keys ilike ?",
                "%" + bjorn.email() + "%", "%" + bjorn.email() + "%")).isZero();

        // the orchestrator re-dispatches (same command id, new event): PENDING again, same expected completion
        ProcessorCommandV1 again = new ProcessorCommandV1(command.commandId(), command.requestId(),
                command.processor(), command.requestType(), command.jurisdiction(), command.subject(),
                command.categories(), Instant.now(), 2);
        client.send(again);
        List<ProcessorOutcomeV1> second = client.awaitOutcomes(command.requestId(), 6, WAIT);
        assertThat(second).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(OutcomeStatus.PENDING);
            assertThat(o.expectedCompletion()).isEqualTo(expected);
        });
        assertThat(client.count("select count(*) from pending_work where command_id = ?", command.commandId()))
                .isEqualTo(3);

        List<ProcessorOutcomeV1> all = client.awaitOutcomes(command.requestId(), 9, WAIT);
        Set<UUID> pendingIds = second.stream().map(ProcessorOutcomeV1::outcomeId).collect(Collectors.toSet());
        Map<String, ProcessorOutcomeV1> finals = AnalyticsAdapterTest.byCategory(
                all.stream().filter(o -> o.status() != OutcomeStatus.PENDING).toList());
        assertThat(finals).hasSize(3);
        assertThat(finals.values()).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(OutcomeStatus.ERASED);
            assertThat(o.commandId()).isEqualTo(command.commandId());
            assertThat(o.outcomeId()).isNotIn(pendingIds);
            assertThat(o.evidence().remainingMatches()).isZero();
            assertThat(o.completedAt()).isAfterOrEqualTo(expected);
        });
        assertThat(finals.get("events").evidence().rowsAffected()).isEqualTo(events);
        client.assertSigned(List.copyOf(finals.values()), keysJson);
        assertThat(client.count(eventsOfBjorn, bjorn.userId(), bjorn.userId())).isZero();
        assertThat(client.count("select count(*) from devices where user_id = ?", bjorn.userId())).isZero();
        assertThat(client.count("select count(*) from users where user_id = ? or email = ?", bjorn.userId(),
                bjorn.email())).isZero();
        assertThat(client.count("select count(*) from pending_work where command_id = ? and status = 'DONE'"
                + " and subject_keys is null", command.commandId())).isEqualTo(3);

        // a redelivered command changes nothing: no second pending row, no second final outcome
        client.send(eventId, command);
        sleep(Duration.ofSeconds(2));
        assertThat(client.outcomes(command.requestId())).hasSize(9);
        assertThat(client.count("select count(*) from pending_work where command_id = ?", command.commandId()))
                .isEqualTo(3);
    }

    @Test
    void givesUpAfterTheLastAttemptWithAPermanentFailure() {
        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email("nobody-" + UUID.randomUUID() + "@example.com"),
                List.of(new CategoryCommand("events", Action.ERASE)));
        ProcessorCommandV1 stored = new ProcessorCommandV1(command.commandId(), command.requestId(),
                command.processor(), command.requestType(), command.jurisdiction(),
                new Subject(command.subject().pseudonym(), command.subject().identifierTypes(), null),
                command.categories(), command.issuedAt(), 1);
        // keys that cannot be read: every run fails
        client.execute("insert into pending_work (id, event_id, command_id, request_id, processor, category, action,"
                + " exec_order, command, subject_keys, expected_completion, due_at) values (?, 'e', ?, ?, 'analytics',"
                + " 'events', 'ERASE', 10, ?, 'not json', now(), now())", UUID.randomUUID(), command.commandId(),
                command.requestId(), Json.write(stored));

        ProcessorOutcomeV1 outcome = client.awaitOutcomes(command.requestId(), 1, WAIT).get(0);
        assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.failure().retryable()).isFalse();
        assertThat(outcome.failure().reason()).isEqualTo("asynchronous completion failed after 2 attempts");
        client.assertSigned(List.of(outcome), io.restassured.RestAssured.get("/api/v1/keys").asString());
        assertThat(client.rows("select status, attempts, subject_keys from pending_work where command_id = ?",
                command.commandId())).containsExactly(java.util.Arrays.asList("FAILED", 2, null));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
