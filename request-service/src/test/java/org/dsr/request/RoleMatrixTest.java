package org.dsr.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import org.dsr.contracts.Audiences;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.security.Roles;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/** Every endpoint against every role: 401 without a (valid) token, 403 with a role that may not, else through. */
@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "request_service_test"))
@RealInfrastructureTest
class RoleMatrixTest {

    static final List<String> ROLES = List.of(Roles.SUBMITTER, Roles.OPERATOR, Roles.COMPLIANCE, Roles.ADAPTER);

    record Endpoint(String method, String path, String body, Set<String> allowed) {
        io.restassured.response.Response call(RequestSpecification spec) {
            if (body != null) {
                spec = spec.contentType(ContentType.JSON).body(body);
            }
            return method.equals("GET") ? spec.get(path) : spec.post(path);
        }
    }

    static List<Endpoint> endpoints() {
        String id = UUID.randomUUID().toString();
        return List.of(
                new Endpoint(
                        "POST",
                        "/api/v1/requests",
                        TestData.body("matrix." + UUID.randomUUID() + "@example.se"),
                        Set.of(Roles.SUBMITTER, Roles.OPERATOR)),
                new Endpoint("GET", "/api/v1/requests", null, Set.of(Roles.OPERATOR)),
                new Endpoint(
                        "GET",
                        "/api/v1/requests/" + id,
                        null,
                        Set.of(Roles.SUBMITTER, Roles.OPERATOR, Roles.COMPLIANCE)),
                new Endpoint(
                        "GET",
                        "/api/v1/requests/" + id + "/completion",
                        null,
                        Set.of(Roles.SUBMITTER, Roles.OPERATOR, Roles.COMPLIANCE)),
                new Endpoint("POST", "/api/v1/requests/" + id + "/verify", null, Set.of(Roles.OPERATOR)),
                new Endpoint(
                        "POST",
                        "/api/v1/completions/lookup",
                        "{\"identifier\":{\"type\":\"EMAIL\",\"value\":\"nobody@example.se\"}}",
                        Set.of(Roles.COMPLIANCE)),
                new Endpoint("POST", "/internal/v1/data-keys/dk-" + UUID.randomUUID(), "{}", Set.of(Roles.ADAPTER)),
                new Endpoint("POST", "/internal/v1/data-keys", "{\"commands\":[]}", Set.of(Roles.ADAPTER)));
    }

    @Test
    void everyEndpointAgainstEveryRole() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            check(wrong, e, "no token", e.call(given()), 401);
            for (String role : ROLES) {
                var response = e.call(TestData.as(role));
                if (e.allowed().contains(role)) {
                    if (response.statusCode() == 401 || response.statusCode() == 403 || response.statusCode() >= 500) {
                        wrong.add(e.method() + " " + e.path() + " as " + role + ": " + response.statusCode());
                    }
                } else {
                    check(wrong, e, role, response, 403);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void forgedExpiredOrForeignTokensAre401() {
        String[] bad = {
            "not.a.jwt",
            Jwt.issuer("someone-else")
                    .subject("x")
                    .groups(Set.of(Roles.OPERATOR))
                    .sign(),
            Jwt.issuer("dsr-local")
                    .subject("x")
                    .groups(Set.of(Roles.OPERATOR))
                    .issuedAt(1_000_000L)
                    .expiresAt(1_000_100L)
                    .sign(),
            // signed, then one character of the payload changed
            tamper(TestData.token(Roles.SUBMITTER, "x"))
        };
        for (String token : bad) {
            given().auth()
                    .oauth2(token)
                    .get("/api/v1/requests")
                    .then()
                    .statusCode(401)
                    .contentType(Problem.MEDIA_TYPE);
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void aTokenForAnotherServiceAnExpiredOneOrALongLivedAdapterTokenIs401AndNothingIsDone() throws Exception {
        String email = "audience." + UUID.randomUUID() + "@example.se";
        long requests = TestData.count("select count(*) from dsr_request");
        String[] bad = {
            TestTokens.forAudience(List.of(Audiences.ORCHESTRATOR, Audiences.CONNECTOR), "x", Roles.SUBMITTER),
            TestTokens.expired("x", Roles.SUBMITTER)
        };
        for (String token : bad) {
            given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(TestData.body(email))
                    .post("/api/v1/requests")
                    .then()
                    .statusCode(401)
                    .contentType(Problem.MEDIA_TYPE);
        }
        assertThat(TestData.count("select count(*) from dsr_request"))
                .as("no request taken")
                .isEqualTo(requests);

        // a real request's data key: an adapter token minted for another service, or expired, gets nothing
        String id =
                TestData.submit(TestData.body(email)).statusCode(202).extract().path("id");
        String keyId = TestData.string("select key_id from data_key where request_id = ?::uuid", id);
        long accesses = TestData.count("select count(*) from data_key_access");
        // the request's genuine, orchestrator-signed command for hosting (the ciphertext plays no part in the release)
        ProcessorCommandV1 command =
                TestData.commandFor(new EncryptedIdentifiers(keyId, "A256GCM", "bm9uY2U=", "Y2lwaGVy"), id, "hosting");
        long now = System.currentTimeMillis() / 1000;
        for (String token : new String[] {
            TestTokens.forAudience(List.of(Audiences.CONNECTOR), "adapter", Roles.ADAPTER),
            TestTokens.expired("adapter", Roles.ADAPTER),
            // right audience, but a 30-day token, as the launcher once minted: adapters' tokens are short-lived
            Jwt.issuer("dsr-local")
                    .subject("adapter")
                    .groups(Set.of(Roles.ADAPTER))
                    .audience(Audiences.REQUEST_SERVICE)
                    .issuedAt(now)
                    .expiresAt(now + 30L * 24 * 3600)
                    .sign()
        }) {
            TestData.fetchKey(given().auth().oauth2(token), keyId, command)
                    .statusCode(401)
                    .contentType(Problem.MEDIA_TYPE);
        }
        assertThat(TestData.count("select count(*) from data_key_access"))
                .as("no key handed out")
                .isEqualTo(accesses);
        TestData.fetchKey(
                        given().auth()
                                .oauth2(Jwt.issuer("dsr-local")
                                        .subject("adapter")
                                        .groups(Set.of(Roles.ADAPTER))
                                        .audience(Audiences.REQUEST_SERVICE)
                                        .claim(TestTokens.PROCESSORS_CLAIM, List.of("hosting"))
                                        .expiresIn(3600)
                                        .sign()),
                        keyId,
                        command)
                .statusCode(401)
                .body("detail", org.hamcrest.Matchers.containsString("at most 15 minutes"));
        // the same role with the right audience, a short life and the processor named still works
        TestData.fetchKey(given().auth().oauth2(TestTokens.adapterToken("adapter", "hosting")), keyId, command)
                .statusCode(200);
    }

    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        char c = parts[1].charAt(5);
        parts[1] = parts[1].substring(0, 5) + (c == 'A' ? 'B' : 'A') + parts[1].substring(6);
        return String.join(".", parts);
    }

    private static void check(
            List<String> wrong, Endpoint e, String who, io.restassured.response.Response response, int expected) {
        if (response.statusCode() != expected || !response.contentType().startsWith(Problem.MEDIA_TYPE)) {
            wrong.add(e.method() + " " + e.path() + " as " + who + ": " + response.statusCode() + " "
                    + response.contentType());
        }
    }
}
