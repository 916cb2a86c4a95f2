package org.dsr.orchestrator.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.util.UUID;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sign-in, sign-out, the session cookie, role refusals and the same-origin check of the console. */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_test"))
@RealInfrastructureTest
class UiSignInTest {

    @org.junit.jupiter.api.BeforeEach
    void topics() {
        UiTestClient.createTopics();
    }

    @BeforeEach
    void noDefaultToken() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void withoutASessionPagesRedirectToTheSignInPageAndTheApiAnswers401() {
        given().redirects()
                .follow(false)
                .get("/ui/sagas?status=FAILED")
                .then()
                .statusCode(303)
                .header("Location", containsString("/ui/sign-in?next=%2Fui%2Fsagas%3Fstatus%3DFAILED"));
        given().redirects()
                .follow(false)
                .get("/ui/dead-letters")
                .then()
                .statusCode(303)
                .header("Location", containsString("/ui/sign-in"));
        given().redirects()
                .follow(false)
                .header("HX-Request", "true")
                .get("/ui/sagas/live")
                .then()
                .statusCode(401)
                .header("HX-Redirect", containsString("/ui/sign-in"));
        given().get("/api/v1/sagas").then().statusCode(401).contentType("application/problem+json");
        given().cookie(UiTestClient.COOKIE, "not-a-token")
                .redirects()
                .follow(false)
                .get("/ui/sagas")
                .then()
                .statusCode(303);
    }

    @Test
    void signingInSetsAStrictHttpOnlyCookieThatOpensTheOperatorPages() {
        given().get("/ui/sign-in")
                .then()
                .statusCode(200)
                .body(containsString("Operator"))
                .body(containsString("Compliance"));

        var response = given().redirects()
                .follow(false)
                .header("Origin", UiTestClient.origin())
                .contentType(ContentType.URLENC)
                .formParam("role", Roles.OPERATOR)
                .formParam("name", "alex.ops")
                .formParam("next", "/ui/deadlines")
                .post("/ui/sign-in");
        response.then().statusCode(303).header("Location", containsString("/ui/deadlines"));
        String setCookie = response.header("Set-Cookie");
        assertThat(setCookie)
                .startsWith(UiTestClient.COOKIE + "=")
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .contains("Path=/");
        String token = response.cookie(UiTestClient.COOKIE);

        given().cookie(UiTestClient.COOKIE, token)
                .get("/ui/sagas")
                .then()
                .statusCode(200)
                .body(containsString("alex.ops"))
                .body(containsString("Dead letters"))
                .body(not(containsString(">Compliance</a>")));
        given().cookie(UiTestClient.COOKIE, token)
                .redirects()
                .follow(false)
                .get("/ui/")
                .then()
                .statusCode(303)
                .header("Location", containsString("/ui/sagas"));
        // the API still takes bearer tokens, and the cookie too
        given().auth()
                .oauth2(TestTokens.token("api-client", Roles.OPERATOR))
                .get("/api/v1/sagas?limit=1")
                .then()
                .statusCode(200);

        var out = given().redirects()
                .follow(false)
                .cookie(UiTestClient.COOKIE, token)
                .header("Origin", UiTestClient.origin())
                .post("/ui/sign-out");
        out.then().statusCode(303).header("Location", containsString("/ui/sign-in"));
        assertThat(out.header("Set-Cookie"))
                .startsWith(UiTestClient.COOKIE + "=;")
                .contains("Max-Age=0");
    }

    @Test
    void aForeignNextOrAnUnknownRoleIsRefused() {
        given().redirects()
                .follow(false)
                .header("Origin", UiTestClient.origin())
                .contentType(ContentType.URLENC)
                .formParam("role", Roles.COMPLIANCE)
                .formParam("next", "https://evil.example/ui/x")
                .post("/ui/sign-in")
                .then()
                .statusCode(303)
                .header("Location", not(containsString("evil")));
        given().redirects()
                .follow(false)
                .header("Origin", UiTestClient.origin())
                .contentType(ContentType.URLENC)
                .formParam("role", Roles.ADAPTER)
                .post("/ui/sign-in")
                .then()
                .statusCode(400);
        given().redirects()
                .follow(false)
                .header("Origin", UiTestClient.origin())
                .contentType(ContentType.URLENC)
                .formParam("role", Roles.OPERATOR)
                .formParam("name", "<script>")
                .post("/ui/sign-in")
                .then()
                .statusCode(400)
                .body(not(containsString("<script>")));
    }

    @Test
    void aPostFromAnotherOriginOrWithoutOneIsRefused() {
        given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .formParam("role", Roles.OPERATOR)
                .post("/ui/sign-in")
                .then()
                .statusCode(403);
        given().redirects()
                .follow(false)
                .header("Origin", "https://evil.example")
                .contentType(ContentType.URLENC)
                .formParam("role", Roles.OPERATOR)
                .post("/ui/sign-in")
                .then()
                .statusCode(403);
        UiTestClient.operator()
                .header("Origin", "https://evil.example")
                .contentType(ContentType.URLENC)
                .formParam("reason", "forged")
                .post("/ui/sagas/" + UUID.randomUUID() + "/actions/cancel")
                .then()
                .statusCode(403);
    }

    @Test
    void complianceIsRefusedTheOperatorPagesAndActions() {
        String id = UUID.randomUUID().toString();
        UiTestClient.compliance().get("/ui/sagas").then().statusCode(403).body(containsString("Not allowed"));
        UiTestClient.compliance().get("/ui/dead-letters").then().statusCode(403);
        UiTestClient.compliance().get("/ui/deadlines").then().statusCode(403);
        for (String action : new String[] {"retry", "mark-done"}) {
            UiTestClient.compliance()
                    .contentType(ContentType.URLENC)
                    .formParam("processor", "hosting")
                    .formParam("reason", "not mine to do")
                    .post("/ui/sagas/" + id + "/actions/" + action)
                    .then()
                    .statusCode(403);
        }
        UiTestClient.compliance()
                .contentType(ContentType.URLENC)
                .formParam("reason", "no")
                .post("/ui/sagas/" + id + "/actions/cancel")
                .then()
                .statusCode(403);
        UiTestClient.compliance()
                .contentType(ContentType.URLENC)
                .formParam("topic", "dsr.outcomes.dlq")
                .formParam("partition", "0")
                .formParam("offset", "0")
                .formParam("reason", "no")
                .post("/ui/dead-letters/replay")
                .then()
                .statusCode(403);
        UiTestClient.compliance().get("/ui/sagas/stream").then().statusCode(403);
        // the frame shows a compliance user the compliance entry, not the operator ones
        UiTestClient.compliance()
                .redirects()
                .follow(false)
                .get("/ui/")
                .then()
                .statusCode(303)
                .header("Location", containsString("/ui/compliance"));
        UiTestClient.compliance().get("/ui/sign-in").then().statusCode(200);
    }
}
