package org.dsr.adapter.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jakarta.inject.Inject;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.dsr.adapter.kit.CommandDecryption;
import org.dsr.adapter.kit.DataKeyClient;
import org.dsr.adapter.kit.datamap.IpGeneraliser;
import org.dsr.adapter.kit.sample.SamplePerson;
import org.dsr.adapter.kit.sample.SampleSubjects;
import org.dsr.adapter.kit.testing.DataMapRun;
import org.dsr.adapter.kit.testing.PlatformApiTestKey;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.problem.Problem;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hosting as what it is now: the processor's own system (schema, sample data, the sign-in gate and uploads API) and the
 * data map it publishes, which the connector runs against this database. No Kafka is started: the system must not
 * need it. The map is run here as the connector's {@code sql} kind runs it ({@link DataMapRun}).
 */
@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = {
            @ResourceArg(name = "database", value = "hosting_test"),
            @ResourceArg(name = "kafka", value = "false")
        })
@RealInfrastructureTest
class HostingOwnSystemTest {

    static final List<CategoryCommand> ERASURE = List.of(
            new CategoryCommand("account", Action.ERASE),
            new CategoryCommand("profile", Action.ERASE),
            new CategoryCommand("sessions", Action.ERASE),
            new CategoryCommand("uploaded-files", Action.ERASE),
            new CategoryCommand("access-logs", Action.ANONYMISE));

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
            assertThat(files.map(p -> p.getFileName().toString()).toList()).noneMatch(f -> f.startsWith("hosting"));
        }
        // the sample data is loaded (dsr.sample-data.people=1100 in tests), the control subject among it
        assertThat(map.count("select count(*) from accounts")).isGreaterThan(1000);
        assertThat(accountId(SampleSubjects.CARL)).isPositive();
    }

    @Test
    void theDataMapFitsTheSchemaAndOffersWhatTheConnectorAnswers() {
        assertThat(map.categories())
                .isEqualTo(Map.of(
                        "account", Set.of(Action.ERASE, Action.RESTRICT, Action.LIFT_RESTRICTION),
                        "profile", Set.of(Action.ERASE),
                        "sessions", Set.of(Action.ERASE),
                        "uploaded-files", Set.of(Action.ERASE),
                        "access-logs", Set.of(Action.ANONYMISE, Action.ERASE)));
        assertThat(map.engine().unindexedLookups()).isEmpty();
    }

    @Test
    void erasesAliceAnonymisesHerAccessLogsAndLeavesTheControlSubjectAlone() {
        long alice = accountId(SampleSubjects.ALICE);
        long logsBefore = map.count("select count(*) from access_logs");
        long aliceLogs = map.count(
                "select count(*) from access_logs where account_id = ? or device_id in"
                        + " (select device_id from access_logs where account_id = ?)",
                alice,
                alice);
        assertThat(aliceLogs).isPositive();
        List<Object> aliceLogIds = map
                .rows(
                        "select id from access_logs where account_id = ? or device_id in"
                                + " (select device_id from access_logs where account_id = ?)",
                        alice,
                        alice)
                .stream()
                .map(row -> row.get(0))
                .toList();
        String carlBefore = snapshot(SampleSubjects.CARL);
        String unlinked = "select count(*) from access_logs where account_id is null and device_id is null";
        long unlinkedBefore = map.count(unlinked);

        // found by email whatever its case, as the connector normalises identifiers
        DataMapRun.Result run = map.run(RequestType.ERASURE, email("Alice@Example.com"), ERASURE);

        assertThat(run.keys().get("account")).isEqualTo(List.of(alice));
        assertThat(statuses(run))
                .isEqualTo(Map.of(
                        "account",
                        OutcomeStatus.ERASED,
                        "profile",
                        OutcomeStatus.ERASED,
                        "sessions",
                        OutcomeStatus.ERASED,
                        "uploaded-files",
                        OutcomeStatus.ERASED,
                        "access-logs",
                        OutcomeStatus.ANONYMISED));
        assertThat(run.outcomes().values()).allSatisfy(o -> {
            assertThat(o.evidence().rowsAffected()).isPositive();
            assertThat(o.evidence().remainingMatches()).isZero();
            assertThat(o.evidence().verification()).doesNotContain("alice");
        });
        assertThat(run.outcome("access-logs").evidence().rowsAffected()).isEqualTo(aliceLogs);

        assertThat(map.count("select count(*) from accounts where email = ?", SampleSubjects.ALICE.email()))
                .isZero();
        for (String table : List.of("profiles", "sessions", "uploaded_files", "access_logs")) {
            assertThat(map.count("select count(*) from " + table + " where account_id = ?", alice))
                    .as(table)
                    .isZero();
        }
        // The logs stay (same total) but no longer identify her: no account, no device id, IPs generalised.
        assertThat(map.count("select count(*) from access_logs")).isEqualTo(logsBefore);
        assertThat(map.count(unlinked)).isEqualTo(unlinkedBefore + aliceLogs);
        List<List<Object>> kept = map.rows(
                "select account_id, device_id, user_agent, ip from access_logs where id =" + " any(?) order by id",
                (Object) aliceLogIds.toArray(Long[]::new));
        assertThat(kept).hasSize(aliceLogIds.size()).allSatisfy(row -> {
            assertThat(row.subList(0, 3)).containsOnlyNulls();
            assertThat(IpGeneraliser.isGeneralised((String) row.get(3)))
                    .as("generalised ip")
                    .isTrue();
        });
        assertThat(snapshot(SampleSubjects.CARL)).isEqualTo(carlBefore);

        // Asked again (a new dispatch): nothing found, nothing changed (the connector answers NOT_FOUND).
        DataMapRun.Result again = map.run(RequestType.ERASURE, email("alice@example.com"), ERASURE);
        assertThat(again.outcomes().values()).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(OutcomeStatus.NOT_FOUND);
            assertThat(o.evidence().rowsAffected()).isZero();
        });
        assertThat(map.count("select count(*) from access_logs")).isEqualTo(logsBefore);
        assertThat(snapshot(SampleSubjects.CARL)).isEqualTo(carlBefore);
    }

    @Test
    void findsTheSubjectByPersonnummer() {
        SamplePerson erik = SampleSubjects.ERIK;
        long id = accountId(erik);
        DataMapRun.Result run = map.run(
                RequestType.ERASURE,
                List.of(new Identifier(IdentifierType.SE_PERSONNUMMER, erik.personnummer())),
                ERASURE);
        assertThat(run.keys().get("account")).isEqualTo(List.of(id));
        assertThat(run.outcome("account").status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(map.count("select count(*) from accounts where email = ?", erik.email()))
                .isZero();
        assertThat(map.count("select count(*) from access_logs where account_id = ?", id))
                .isZero();
    }

    @Test
    void restrictsAndLiftsTheAccountAndTheSignInGateFollows() {
        SamplePerson bjorn = SampleSubjects.BJORN;
        DataMapRun.Result restricted = map.run(
                RequestType.RESTRICTION,
                List.of(new Identifier(IdentifierType.USER_ID, bjorn.userId())),
                List.of(new CategoryCommand("account", Action.RESTRICT)));
        assertThat(restricted.outcome("account").status()).isEqualTo(OutcomeStatus.RESTRICTED);
        assertThat(restricted.outcome("account").evidence().rowsAffected()).isOne();
        assertThat(map.count("select count(*) from accounts where user_id = ? and restricted", bjorn.userId()))
                .isOne();

        // Restricted: sign-in and uploads (processing) are refused, nothing is written, the answer names no one.
        long sessions = map.count("select count(*) from sessions");
        long uploads = map.count("select count(*) from uploaded_files");
        signIn(bjorn.email())
                .then()
                .statusCode(423)
                .body("title", equalTo("Processing restricted"))
                .body(not(containsString(bjorn.email())));
        upload(bjorn.userId()).then().statusCode(423);
        assertThat(map.count("select count(*) from sessions")).isEqualTo(sessions);
        assertThat(map.count("select count(*) from uploaded_files")).isEqualTo(uploads);
        // Someone else is not affected.
        signIn(SampleSubjects.CARL.email()).then().statusCode(201);

        DataMapRun.Result lifted = map.run(
                RequestType.LIFT_RESTRICTION,
                email(bjorn.email()),
                List.of(new CategoryCommand("account", Action.LIFT_RESTRICTION)));
        assertThat(lifted.outcome("account").status()).isEqualTo(OutcomeStatus.LIFTED);
        assertThat(map.count("select count(*) from accounts where user_id = ? and not restricted", bjorn.userId()))
                .isOne();
        // Lifted: he can sign in again; an unknown login is not a restriction.
        signIn(bjorn.email()).then().statusCode(201);
        signIn("nobody@example.org").then().statusCode(401);
    }

    @Test
    void theSignInGateAndUploadsRefuseACallerWithoutThePlatformsKeyAndWriteNothing() {
        SamplePerson carl = SampleSubjects.CARL;
        long sessions = map.count("select count(*) from sessions");
        long uploads = map.count("select count(*) from uploaded_files");
        for (String key : new String[] {null, "", "wrong-" + PlatformApiTestKey.KEY, PlatformApiTestKey.KEY + "x"}) {
            var spec = RestAssured.given().contentType(ContentType.JSON);
            if (key != null) {
                spec = spec.header(PlatformApiTestKey.HEADER, key);
            }
            spec.body(Map.of("login", carl.email()))
                    .post("/api/v1/sessions")
                    .then()
                    .statusCode(401)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("title", equalTo("Unauthorized"))
                    .body(not(containsString(carl.email())));
            RestAssured.given()
                    .contentType(ContentType.JSON)
                    .header(PlatformApiTestKey.HEADER, String.valueOf(key))
                    .body(Map.of(
                            "login",
                            carl.userId(),
                            "fileName",
                            "cv.pdf",
                            "contentType",
                            "application/pdf",
                            "sizeBytes",
                            1000))
                    .post("/api/v1/uploads")
                    .then()
                    .statusCode(401)
                    .contentType(Problem.MEDIA_TYPE);
        }
        assertThat(map.count("select count(*) from sessions")).isEqualTo(sessions);
        assertThat(map.count("select count(*) from uploaded_files")).isEqualTo(uploads);
        // with the key, the same sign-in is taken
        signIn(carl.email()).then().statusCode(201);
    }

    @Test
    void anErasedAccountIsAnsweredExactlyAsOneThatNeverExisted() {
        List<Object> someone = map.rows(
                        "select email, user_id from accounts where not restricted order by id desc" + " limit 1")
                .get(0);
        String email = (String) someone.get(0);
        String userId = (String) someone.get(1);
        signIn(email).then().statusCode(201);

        DataMapRun.Result run = map.run(RequestType.ERASURE, email(email), ERASURE);
        assertThat(run.outcome("account").status()).isEqualTo(OutcomeStatus.ERASED);

        String neverEmail = "never." + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String neverUserId = "u-never-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var erasedSignIn = signIn(email);
        var unknownSignIn = signIn(neverEmail);
        assertThat(erasedSignIn.statusCode()).isEqualTo(401).isEqualTo(unknownSignIn.statusCode());
        assertThat(erasedSignIn.contentType()).isEqualTo(unknownSignIn.contentType());
        assertThat(erasedSignIn.asString()).isEqualTo(unknownSignIn.asString()).doesNotContain(email);
        var erasedUpload = upload(userId);
        var unknownUpload = upload(neverUserId);
        assertThat(erasedUpload.statusCode()).isEqualTo(404).isEqualTo(unknownUpload.statusCode());
        assertThat(erasedUpload.asString()).isEqualTo(unknownUpload.asString()).doesNotContain(userId);
    }

    private static io.restassured.response.Response upload(String login) {
        return RestAssured.given()
                .header(PlatformApiTestKey.HEADER, PlatformApiTestKey.KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("login", login, "fileName", "cv.pdf", "contentType", "application/pdf", "sizeBytes", 1000))
                .post("/api/v1/uploads");
    }

    private static io.restassured.response.Response signIn(String login) {
        return RestAssured.given()
                .header(PlatformApiTestKey.HEADER, PlatformApiTestKey.KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("login", login))
                .post("/api/v1/sessions");
    }

    private static List<Identifier> email(String address) {
        return List.of(new Identifier(IdentifierType.EMAIL, address));
    }

    private long accountId(SamplePerson person) {
        return map.count("select id from accounts where email = ?", person.email());
    }

    /** Everything the hosting store holds about a person, as text. */
    private String snapshot(SamplePerson person) {
        long id = accountId(person);
        return map.rows("select * from accounts where id = ?", id) + "|"
                + map.rows("select * from profiles where account_id = ?", id) + "|"
                + map.rows("select * from sessions where account_id = ? order by id", id) + "|"
                + map.rows("select * from uploaded_files where account_id = ? order by id", id) + "|"
                + map.rows("select * from access_logs where account_id = ? order by id", id);
    }

    private static Map<String, OutcomeStatus> statuses(DataMapRun.Result run) {
        return run.outcomes().values().stream()
                .collect(Collectors.toMap(ProcessorOutcomeV1::category, ProcessorOutcomeV1::status));
    }
}
