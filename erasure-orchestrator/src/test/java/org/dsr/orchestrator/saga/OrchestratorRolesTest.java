package org.dsr.orchestrator.saga;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.TestTokens;

/** Every operator and compliance endpoint against every role: 401 without a token, 403 with the wrong role. */
@QuarkusTest
@QuarkusTestResource(value = PolicyInfrastructure.class, initArgs = @ResourceArg(name = "database",
        value = "orchestrator_test"))
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
                } else {
                    call(request, e, 403);
                }
            }
        }
    }

    @Test
    void publicKeysArePublic() {
        given().get("/api/v1/keys").then().statusCode(200);
    }
}
