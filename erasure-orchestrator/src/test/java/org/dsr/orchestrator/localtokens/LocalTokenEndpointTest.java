package org.dsr.orchestrator.localtokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.dsr.contracts.json.Json;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local stack's token endpoint: 5-minute adapter tokens for request-service, to the connector only. */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_test"))
@RealInfrastructureTest
class LocalTokenEndpointTest {

    private static final String PATH = "/local/oauth2/token";

    @BeforeEach
    void noDefaultToken() {
        RestAssured.requestSpecification = null;
    }

    private static JsonNode claims(String jwt) throws Exception {
        return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    @Test
    void theConnectorGetsAFiveMinuteAdapterTokenForRequestServiceNamingItsProcessors() throws Exception {
        var answer = given().auth()
                .preemptive()
                .basic("connector", "test-connector-secret")
                .formParam("grant_type", "client_credentials")
                .post(PATH)
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .extract();
        assertThat(answer.<String>path("token_type")).isEqualTo("Bearer");
        assertThat(answer.<Integer>path("expires_in")).isEqualTo(300);
        String token = answer.path("access_token");

        JsonNode claims = claims(token);
        assertThat(claims.path("aud").toString()).isIn("\"request-service\"", "[\"request-service\"]");
        assertThat(claims.path("groups").toString()).isEqualTo("[\"dsr-adapter\"]");
        assertThat(claims.path("dsr_processors").toString()).isEqualTo("[\"hosting\",\"email-delivery\"]");
        assertThat(claims.path("sub").asText()).isEqualTo("connector");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);

        // for request-service only: this service refuses it
        given().auth().oauth2(token).get("/api/v1/sagas").then().statusCode(401);
    }

    @Test
    void theSecretMayComeAsFormFieldsToo() {
        given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "connector")
                .formParam("client_secret", "test-connector-secret")
                .post(PATH)
                .then()
                .statusCode(200);
    }

    @Test
    void aWrongSecretAnUnknownClientOrAnotherGrantGetsNoToken() {
        for (String[] credentials :
                new String[][] {{"connector", "guess"}, {"someone", "test-connector-secret"}, {"connector", ""}}) {
            String body = given().auth()
                    .preemptive()
                    .basic(credentials[0], credentials[1])
                    .formParam("grant_type", "client_credentials")
                    .post(PATH)
                    .then()
                    .statusCode(401)
                    .extract()
                    .asString();
            assertThat(body).contains("invalid_client").doesNotContain("access_token");
        }
        given().auth()
                .preemptive()
                .basic("connector", "test-connector-secret")
                .formParam("grant_type", "password")
                .post(PATH)
                .then()
                .statusCode(400)
                .body("error", org.hamcrest.Matchers.equalTo("unsupported_grant_type"));
        String raw =
                Base64.getEncoder().encodeToString("connector:test-connector-secret".getBytes(StandardCharsets.UTF_8));
        given().header("Authorization", "Basic " + raw).get(PATH).then().statusCode(405);
    }
}
