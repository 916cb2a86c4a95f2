package org.dsr.adapter.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

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
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.testsupport.RealInfrastructureResource;

@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class, initArgs = {
        @ResourceArg(name = "database", value = "analytics_test"), @ResourceArg(name = "processors", value = "analytics") })
class AnalyticsAdapterTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<CategoryCommand> ERASURE = List.of(new CategoryCommand("events", Action.ERASE),
            new CategoryCommand("device-ids", Action.ERASE), new CategoryCommand("profile", Action.ERASE));

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
    void erasesAliceEventsIncludingThoseBeforeSignInAndKeepsAggregates() {
        SamplePerson alice = SampleSubjects.ALICE;
        String devicesOfAlice = "select device_id from devices where user_id = ?";
        long events = client.count("select count(*) from events where user_id = ? or device_id in (" + devicesOfAlice
                + ")", alice.userId(), alice.userId());
        long anonymousOnly = client.count("select count(*) from events where user_id is null and device_id in ("
                + devicesOfAlice + ")", alice.userId());
        assertThat(anonymousOnly).isPositive();
        String aggregates = client.rows("select * from daily_aggregates order by day, event_name").toString();
        String carlBefore = snapshot(SampleSubjects.CARL);
        List<List<Object>> linkedIds = client.rows("select distinct device_id, anonymous_id from events where"
                + " user_id = ? or device_id in (" + devicesOfAlice + ")", alice.userId(), alice.userId());

        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email(alice.email()), ERASURE);
        String eventId = client.send(command);
        Map<String, ProcessorOutcomeV1> outcomes = byCategory(client.awaitOutcomes(command.requestId(), 3, WAIT));
        assertThat(outcomes.values()).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(OutcomeStatus.ERASED);
            assertThat(o.evidence().remainingMatches()).isZero();
        });
        assertThat(outcomes.get("events").evidence().rowsAffected()).isEqualTo(events);
        client.assertSigned(List.copyOf(outcomes.values()),
                io.restassured.RestAssured.get("/api/v1/keys").asString());

        assertThat(client.count("select count(*) from users where user_id = ? or email = ?", alice.userId(),
                alice.email())).isZero();
        assertThat(client.count("select count(*) from devices where user_id = ?", alice.userId())).isZero();
        assertThat(client.count("select count(*) from events where user_id = ?", alice.userId())).isZero();
        for (List<Object> ids : linkedIds) {
            assertThat(client.count("select count(*) from events where device_id = ? or anonymous_id = ?",
                    ids.get(0), ids.get(1))).isZero();
        }
        assertThat(client.rows("select * from daily_aggregates order by day, event_name").toString())
                .isEqualTo(aggregates);
        assertThat(snapshot(SampleSubjects.CARL)).isEqualTo(carlBefore);

        client.send(eventId, command);
        ProcessorCommandV1 again = client.command(RequestType.ERASURE, Jurisdiction.SE,
                AdapterTestClient.email(alice.email()), ERASURE);
        client.send(again);
        assertThat(client.awaitOutcomes(again.requestId(), 3, WAIT))
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.NOT_FOUND));
        assertThat(client.outcomes(command.requestId())).hasSize(3);
    }

    @Test
    void findsTheSubjectByUserIdAndRefusesUnsupportedActions() {
        SamplePerson erik = SampleSubjects.ERIK;
        ProcessorCommandV1 command = client.command(RequestType.ERASURE, Jurisdiction.SE,
                List.of(new Identifier(IdentifierType.USER_ID, erik.userId())),
                List.of(new CategoryCommand("events", Action.ERASE), new CategoryCommand("device-ids", Action.ERASE),
                        new CategoryCommand("profile", Action.RESTRICT)));
        client.send(command);
        Map<String, ProcessorOutcomeV1> outcomes = byCategory(client.awaitOutcomes(command.requestId(), 3, WAIT));
        assertThat(outcomes.get("events").status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(outcomes.get("device-ids").status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(outcomes.get("profile").status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcomes.get("profile").failure().retryable()).isFalse();
        assertThat(client.count("select count(*) from users where user_id = ?", erik.userId())).isEqualTo(1);
    }

    @Test
    void deadLettersBadMessagesAndKeepsConsuming() {
        String garbage = "[" + UUID.randomUUID() + "]";
        client.sendRaw("k", garbage);
        ProcessorCommandV1 good = client.command(RequestType.ERASURE, Jurisdiction.DK,
                AdapterTestClient.email(SampleSubjects.FREJA.email()), ERASURE);
        client.send(good);
        assertThat(AdapterTestClient.header(client.awaitDeadLetter(r -> garbage.equals(r.value()), WAIT),
                "dead-letter-reason")).isNotBlank();
        assertThat(client.awaitOutcomes(good.requestId(), 3, WAIT))
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.ERASED));
    }

    private String snapshot(SamplePerson person) {
        return client.rows("select * from users where user_id = ?", person.userId()) + "|"
                + client.rows("select * from devices where user_id = ? order by device_id", person.userId()) + "|"
                + client.rows("select * from events where user_id = ? or device_id in (select device_id from devices"
                        + " where user_id = ?) order by id", person.userId(), person.userId());
    }

    static Map<String, ProcessorOutcomeV1> byCategory(List<ProcessorOutcomeV1> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(ProcessorOutcomeV1::category, o -> o));
    }
}
