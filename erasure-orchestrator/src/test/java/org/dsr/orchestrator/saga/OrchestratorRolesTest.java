package org.dsr.orchestrator.saga;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import org.dsr.contracts.Audiences;
import org.dsr.contracts.event.RequestType;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestTokens;

/** Every operator and compliance endpoint against every role: 401 without a token, 403 with the wrong role. */
@QuarkusTest
@QuarkusTestResource(value = PolicyInfrastructure.class, initArgs = @ResourceArg(name = "database",
        value = "orchestrator_test"))
@RealInfrastructureTest
class OrchestratorRolesTest {

    private record Endpoint(String method, String path, List<String> allowed) {
    }

    private static final String ID = UUID.randomUUID().toString();
    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/v1/sagas", List.of(Roles.OPERATOR)),
            new Endpoint("GET", "/api/v1/sagas/" + ID, List.of(Roles.OPERATOR)),
            new Endpoint("POST", "/api/v1/sagas/" + ID + "/steps/hosting/retry", List.of(Roles.OPERATOR)),
            new Endpoint("POST", "/api/v1/sagas/" + ID + "/steps/hosting/mark-done", List.of(Roles.OPERATOR)),
            new Endpoint("POST", "/api/v1/sagas/" + ID + "/cancel", List.of(Roles.OPERATOR)),
            new Endpoint("POST", "/api/v1/sagas/" + ID + "/extend-deadline", List.of(Roles.OPERATOR)),
            new Endpoint("GET", "/api/v1/completions", List.of(Roles.OPERATOR, Roles.COMPLIANCE)),
            new Endpoint("GET", "/api/v1/completions/" + ID, List.of(Roles.OPERATOR, Roles.COMPLIANCE)));
    private static final List<String> ROLES = List.of(Roles.SUBMITTER, Roles.OPERATOR, Roles.COMPLIANCE,
            Roles.ADAPTER);

    @BeforeEach
    void noDefaultToken() {
        RestAssured.requestSpecification = null;
    }

    private static void call(RequestSpecification request, Endpoint e, int... expected) {
        var response = e.method().equals("GET") ? request.get(e.path())
                : request.contentType(ContentType.JSON).body("{\"reason\":\"test\",\"months\":1}").post(e.path());
        response.then().statusCode(org.hamcrest.Matchers.in(java.util.Arrays.stream(expected).boxed().toList()));
    }

    @Test
    void withoutATokenEveryEndpointAnswers401AsAProblem() {
        for (Endpoint e : ENDPOINTS) {
            call(given(), e, 401);
            given().get(ENDPOINTS.get(0).path()).then().contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer");
        }
    }

    @Test
    void theWrongRoleAnswers403AndTheRightOneGetsThrough() {
        for (Endpoint e : ENDPOINTS) {
            for (String role : ROLES) {
                var request = given().auth().oauth2(TestTokens.token("roles-test", role));
                if (e.allowed().contains(role)) {
                    // through the door: 200, or 404 / 400 for the unknown saga, never 401/403
                    call(request, e, 200, 400, 404, 409);
                } else if (role.equals(Roles.ADAPTER)) {
                    // an adapter's token is for request-service only (Audiences)
                    call(request, e, 401);
                } else {
                    call(request, e, 403);
                }
            }
        }
    }

    @Inject
    SubjectKeys keys;

    @Test
    void aTokenForAnotherServiceOrAnExpiredOneIs401AndNothingIsDone() {
        String operator = TestTokens.token("roles-test", Roles.OPERATOR);
        UUID requestId = SagaTestClient.submit(keys, RequestType.ERASURE).requestId();
        String path = "/api/v1/sagas/" + requestId;
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(operator).get(path).statusCode()
                == 200);
        String before = given().auth().oauth2(operator).get(path).then().extract().path("saga.status");

        for (String token : List.of(
                TestTokens.forAudience(List.of(Audiences.REQUEST_SERVICE, Audiences.CONNECTOR), "x", Roles.OPERATOR),
                TestTokens.expired("x", Roles.OPERATOR))) {
            given().auth().oauth2(token).get(path).then().statusCode(401).contentType("application/problem+json");
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"reason\":\"attack\"}")
                    .post(path + "/cancel").then().statusCode(401);
        }
        String after = given().auth().oauth2(operator).get(path).then().statusCode(200).extract()
                .path("saga.status");
        assertThat(after).as("the saga was not cancelled").isEqualTo(before).isNotEqualTo("CANCELLED");
    }

    @Test
    void publicKeysArePublic() {
        given().get("/api/v1/keys").then().statusCode(200);
    }
}
