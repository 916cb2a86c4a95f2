package org.dsr.adapter.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jakarta.inject.Inject;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.dsr.adapter.kit.CommandDecryption;
import org.dsr.adapter.kit.DataKeyClient;
import org.dsr.adapter.kit.sample.SamplePerson;
import org.dsr.adapter.kit.sample.SampleSubjects;
import org.dsr.adapter.kit.testing.DataMapRun;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Analytics as what it is now: the processor's own system (schema and sample data) and the data map it publishes,
 * which the connector runs against this database. No Kafka is started: the system must not need it. The map is run
 * here as the connector's {@code sql} kind runs it ({@link DataMapRun}).
 */
@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = {
            @ResourceArg(name = "database", value = "analytics_test"),
            @ResourceArg(name = "kafka", value = "false")
        })
@RealInfrastructureTest
class AnalyticsOwnSystemTest {

    static final List<CategoryCommand> ERASURE = List.of(
            new CategoryCommand("events", Action.ERASE),
            new CategoryCommand("device-ids", Action.ERASE),
            new CategoryCommand("profile", Action.ERASE));

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "dsr.keys-dir")
    Path keysDir;

    DataMapRun map;

    @BeforeEach
    void load() {
        map = DataMapRun.load(dataSource, "data-map.yaml");
    }

    @Test
    void readyWithoutKafkaAndWithoutACommandPath() throws Exception {
        // kafka.bootstrap.servers points at a port nothing listens on
        RestAssured.get("/q/health/ready").then().statusCode(200);
        for (Class<?> bean : List.of(CommandDecryption.class, DataKeyClient.class)) {
            assertThat(Arc.container().select(bean).isResolvable())
                    .as(bean.getSimpleName())
                    .isFalse();
        }
        RestAssured.get("/api/v1/keys").then().statusCode(404);
        try (var files = Files.list(keysDir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).noneMatch(f -> f.startsWith("analytics"));
        }
        // the sample data is loaded (dsr.sample-data.people=1100 in tests), the control subject among it
        assertThat(map.count("select count(*) from users")).isGreaterThan(1000);
        assertThat(map.count("select count(*) from users where user_id = ?", SampleSubjects.CARL.userId()))
                .isOne();
        assertThat(map.count("select count(*) from daily_aggregates")).isPositive();
    }

    @Test
    void theDataMapFitsTheSchemaAndOffersOnlyErasure() {
        // a restriction of the profile is refused by the connector: the map does not offer it
        assertThat(map.categories())
                .isEqualTo(Map.of(
                        "events",
                        Set.of(Action.ERASE),
                        "device-ids",
                        Set.of(Action.ERASE),
                        "profile",
                        Set.of(Action.ERASE)));
        assertThat(map.engine().unindexedLookups()).isEmpty();
    }

    @Test
    void erasesAliceEventsIncludingThoseBeforeSignInAndKeepsAggregates() {
        SamplePerson alice = SampleSubjects.ALICE;
        String devicesOfAlice = "select device_id from devices where user_id = ?";
        long events = map.count(
                "select count(*) from events where user_id = ? or device_id in (" + devicesOfAlice + ")",
                alice.userId(),
                alice.userId());
        long anonymousOnly = map.count(
                "select count(*) from events where user_id is null and device_id in (" + devicesOfAlice + ")",
                alice.userId());
        assertThat(anonymousOnly).isPositive();
        long devices = map.count("select count(*) from devices where user_id = ?", alice.userId());
        assertThat(devices).isPositive();
        String aggregates = map.rows("select * from daily_aggregates order by day, event_name")
                .toString();
        String carlBefore = snapshot(SampleSubjects.CARL);
        List<List<Object>> linkedIds = map.rows(
                "select distinct device_id, anonymous_id from events where" + " user_id = ? or device_id in ("
                        + devicesOfAlice + ")",
                alice.userId(),
                alice.userId());

        DataMapRun.Result run =
                map.run(RequestType.ERASURE, List.of(new Identifier(IdentifierType.EMAIL, alice.email())), ERASURE);

        assertThat(run.keys().get("user")).isEqualTo(List.of(alice.userId()));
        assertThat(run.outcomes().values()).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(OutcomeStatus.ERASED);
            assertThat(o.evidence().remainingMatches()).isZero();
        });
        assertThat(run.outcome("events").evidence().rowsAffected()).isEqualTo(events);
        assertThat(run.outcome("device-ids").evidence().rowsAffected()).isEqualTo(devices);
        assertThat(run.outcome("profile").evidence().rowsAffected()).isOne();

        assertThat(map.count(
                        "select count(*) from users where user_id = ? or email = ?", alice.userId(), alice.email()))
                .isZero();
        assertThat(map.count("select count(*) from devices where user_id = ?", alice.userId()))
                .isZero();
        assertThat(map.count("select count(*) from events where user_id = ?", alice.userId()))
                .isZero();
        // every event linked to her through a device or anonymous id, including those before she signed in
        for (List<Object> ids : linkedIds) {
            assertThat(map.count(
                            "select count(*) from events where device_id = ? or anonymous_id = ?",
                            ids.get(0),
                            ids.get(1)))
                    .isZero();
        }
        assertThat(map.rows("select * from daily_aggregates order by day, event_name")
                        .toString())
                .isEqualTo(aggregates);
        assertThat(snapshot(SampleSubjects.CARL)).isEqualTo(carlBefore);

        // Asked again (a new dispatch): nothing found, nothing changed (the connector answers NOT_FOUND).
        DataMapRun.Result again =
                map.run(RequestType.ERASURE, List.of(new Identifier(IdentifierType.EMAIL, alice.email())), ERASURE);
        assertThat(again.outcomes().values()).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(OutcomeStatus.NOT_FOUND);
            assertThat(o.evidence().rowsAffected()).isZero();
        });
        assertThat(snapshot(SampleSubjects.CARL)).isEqualTo(carlBefore);
    }

    @Test
    void findsTheSubjectByUserId() {
        SamplePerson erik = SampleSubjects.ERIK;
        DataMapRun.Result run = map.run(
                RequestType.ERASURE,
                List.of(new Identifier(IdentifierType.USER_ID, erik.userId())),
                List.of(new CategoryCommand("events", Action.ERASE), new CategoryCommand("device-ids", Action.ERASE)));
        assertThat(run.outcome("events").status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(run.outcome("device-ids").status()).isEqualTo(OutcomeStatus.ERASED);
        // only what was asked: his profile stays
        assertThat(map.count("select count(*) from users where user_id = ?", erik.userId()))
                .isOne();
        assertThat(map.count("select count(*) from devices where user_id = ?", erik.userId()))
                .isZero();
        assertThat(map.count("select count(*) from events where user_id = ?", erik.userId()))
                .isZero();
    }

    private String snapshot(SamplePerson person) {
        return map.rows("select * from users where user_id = ?", person.userId()) + "|"
                + map.rows("select * from devices where user_id = ? order by device_id", person.userId()) + "|"
                + map.rows(
                        "select * from events where user_id = ? or device_id in (select device_id from devices"
                                + " where user_id = ?) order by id",
                        person.userId(),
                        person.userId());
    }
}
