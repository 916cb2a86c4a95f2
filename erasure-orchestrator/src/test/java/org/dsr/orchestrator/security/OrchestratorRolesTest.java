package org.dsr.orchestrator.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.dsr.contracts.Audiences;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestType;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.console.UiTestClient;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every operator and compliance API endpoint against every role: 401 without a token (problem+json and
 * {@code WWW-Authenticate: Bearer}), 403 with the wrong role (problem+json), and for a role let through the exact
 * answer the endpoint gives for a request id that does not exist.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_test"))
@RealInfrastructureTest
class OrchestratorRolesTest {

    /** @param allowed each role let through, with the status it gets (the id is unknown: 404 where it is read) */
    private record Endpoint(String method, String path, Map<String, Integer> allowed) {}

    private static final String ID = UUID.randomUUID().toString();
    private static final Map<String, Integer> OPERATOR_404 = Map.of(Roles.OPERATOR, 404);
    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/v1/sagas", Map.of(Roles.OPERATOR, 200)),
            new Endpoint("GET", "/api/v1/sagas/" + ID, OPERATOR_404),
            new Endpoint("POST", "/api/v1/sagas/" + ID + "/steps/hosting/retry", OPERATOR_404),
            new Endpoint("POST", "/api/v1/sagas/" + ID + "/steps/hosting/mark-done", OPERATOR_404),
            new Endpoint("POST", "/api/v1/sagas/" + ID + "/cancel", OPERATOR_404),
            new Endpoint("POST", "/api/v1/sagas/" + ID + "/extend-deadline", OPERATOR_404),
            new Endpoint("GET", "/api/v1/completions", Map.of(Roles.OPERATOR, 200, Roles.COMPLIANCE, 200)),
            new Endpoint("GET", "/api/v1/completions/" + ID, Map.of(Roles.OPERATOR, 404, Roles.COMPLIANCE, 404)));
    private static final List<String> ROLES = List.of(Roles.SUBMITTER, Roles.OPERATOR, Roles.COMPLIANCE, Roles.ADAPTER);

    @BeforeEach
    void noDefaultToken() {
        RestAssured.requestSpecification = null;
    }

    private static Response call(RequestSpecification request, Endpoint e) {
        return e.method().equals("GET")
                ? request.get(e.path())
                : request.contentType(ContentType.JSON)
                        .body("{\"reason\":\"test\",\"months\":1}")
                        .post(e.path());
    }

    /** The answer is the problem+json of a refusal: the status, its type and the path in {@code instance}. */
    private static void refused(Response response, Endpoint e, int status, String type, String as) {
        response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", endsWith("/" + type))
                .body("instance", equalTo(e.path()));
        assertThat(response.getHeader("WWW-Authenticate"))
                .as(e.method() + " " + e.path() + " as " + as)
                .isEqualTo(status == 401 ? "Bearer" : null);
    }

    @Test
    void withoutATokenEveryEndpointAnswers401AsAProblem() {
        for (Endpoint e : ENDPOINTS) {
            refused(call(given(), e), e, 401, "unauthorized", "nobody");
        }
    }

    @Test
    void theWrongRoleAnswers403AndTheRightOneGetsThrough() {
        for (Endpoint e : ENDPOINTS) {
            for (String role : ROLES) {
                Response response = call(given().auth().oauth2(TestTokens.token("roles-test", role)), e);
                if (e.allowed().containsKey(role)) {
                    // through the door: the endpoint's own answer for an unknown id
                    assertThat(response.statusCode())
                            .as(e.method() + " " + e.path() + " as " + role)
                            .isEqualTo(e.allowed().get(role));
                } else if (role.equals(Roles.ADAPTER)) {
                    // an adapter's token is for request-service only (Audiences)
                    refused(response, e, 401, "unauthorized", role);
                } else {
                    refused(response, e, 403, "forbidden", role);
                }
            }
        }
    }

    @Inject
    SubjectKeys keys;

    @Test
    void aTokenForAnotherServiceOrAnExpiredOneIs401AndNothingIsDone() {
        String operator = TestTokens.token("roles-test", Roles.OPERATOR);
        UUID requestId = UiTestClient.submit(keys, RequestType.ERASURE, Jurisdiction.SE, Instant.now())
                .requestId();
        String path = "/api/v1/sagas/" + requestId;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().auth().oauth2(operator).get(path).statusCode() == 200);
        String before =
                given().auth().oauth2(operator).get(path).then().extract().path("saga.status");

        for (String token : List.of(
                TestTokens.forAudience(List.of(Audiences.REQUEST_SERVICE, Audiences.CONNECTOR), "x", Roles.OPERATOR),
                TestTokens.expired("x", Roles.OPERATOR))) {
            given().auth().oauth2(token).get(path).then().statusCode(401).contentType("application/problem+json");
            given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body("{\"reason\":\"attack\"}")
                    .post(path + "/cancel")
                    .then()
                    .statusCode(401);
        }
        String after = given().auth()
                .oauth2(operator)
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .path("saga.status");
        assertThat(after).as("the saga was not cancelled").isEqualTo(before).isNotEqualTo("CANCELLED");
    }

    @Test
    void publicKeysArePublic() {
        given().get("/api/v1/keys").then().statusCode(200);
    }
}
