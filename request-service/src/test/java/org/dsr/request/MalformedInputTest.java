package org.dsr.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.security.Roles;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.junit.jupiter.api.Test;

/** Per-field messages for every identifier type, and thousands of generated malformed bodies: never a 5xx. */
@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "request_service_test"))
@RealInfrastructureTest
class MalformedInputTest {

    static final String MARKER = "zm" + UUID.randomUUID().toString().substring(0, 8);
    static final long SEED = Long.getLong("fuzz.seed", 20261122L);
    static final int BODIES = Integer.getInteger("fuzz.bodies", 3000);

    @TestHTTPResource("/api/v1/requests")
    URI endpoint;

    @Test
    void everyIdentifierTypeIsCheckedAndNamedPerField() {
        String body = """
                {"type":"ERASURE","jurisdiction":"DK","subject":{"identifiers":[
                  {"type":"PHONE","value":"070-%s"},
                  {"type":"SE_PERSONNUMMER","value":"121212-1213"},
                  {"type":"DK_CPR","value":"320190-1234"},
                  {"type":"EMAIL","value":"%s"},
                  {"type":"USER_ID","value":"%s"}]}}""".formatted(MARKER, MARKER, "u".repeat(200));
        TestData.submit(body)
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", containsString("invalid-request"))
                .body("errors.field", hasItem("subject.identifiers[0].value"))
                .body("errors.field", hasItem("subject.identifiers[1].value"))
                .body("errors.field", hasItem("subject.identifiers[2].value"))
                .body("errors.field", hasItem("subject.identifiers[3].value"))
                .body("errors.field", hasItem("subject.identifiers[4].value"))
                .body("errors.size()", equalTo(5))
                .body(not(containsString(MARKER)))
                .body(not(containsString("121212")));
    }

    @Test
    void unknownConstantsAreFieldErrorsWithTheAllowedValues() {
        TestData.submit("""
                {"type":"ERASURE","jurisdiction":"NO","subject":{"identifiers":[{"type":"EMAIL","value":"a@b.se"}]}}""")
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("jurisdiction"))
                .body("errors[0].message", containsString("SE"));
        TestData.submit("""
                {"type":"ERASURE","jurisdiction":"SE","subject":{"identifiers":[{"type":"SSN","value":"a@b.se"}]}}""")
                .statusCode(400)
                .body("errors[0].field", equalTo("subject.identifiers[0].type"))
                .body("errors[0].message", containsString("DK_CPR"));
    }

    @Test
    void bodyOverTheLimitIs413Problem() {
        String big = "{\"type\":\"ERASURE\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        TestData.submit(big).statusCode(413).contentType(Problem.MEDIA_TYPE).body("status", equalTo(413));
    }

    @Test
    void wrongContentTypeIs415AndNoTokenIs401EvenForBadBodies() {
        TestData.as(Roles.SUBMITTER)
                .contentType(ContentType.XML)
                .body("<x/>")
                .post("/api/v1/requests")
                .then()
                .statusCode(415)
                .contentType(Problem.MEDIA_TYPE);
        io.restassured.RestAssured.given()
                .contentType(ContentType.JSON)
                .body("{")
                .post("/api/v1/requests")
                .then()
                .statusCode(401)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void thousandsOfGeneratedMalformedBodiesNeverGiveA5xx() throws Exception {
        Random random = new Random(SEED);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = TestData.token(Roles.SUBMITTER, "fuzz-submitter");
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < BODIES; i++) {
            byte[] body = Mutations.body(random, MARKER);
            String contentType = random.nextInt(20) == 0 ? Mutations.contentType(random) : "application/json";
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            statuses.merge(response.statusCode(), 1, Integer::sum);
            boolean ok = response.statusCode() < 500
                    && (response.statusCode() < 400
                            || response.headers()
                                    .firstValue("Content-Type")
                                    .orElse("")
                                    .startsWith(Problem.MEDIA_TYPE))
                    && !response.body().contains(MARKER);
            if (!ok && failures.size() < 10) {
                failures.add(response.statusCode() + " for seed " + SEED + " body #" + i + ": "
                        + new String(body, StandardCharsets.UTF_8).substring(0, Math.min(200, body.length)));
            }
        }
        System.out.println("generated bodies by status: " + statuses);
        assertThat(failures).isEmpty();
        assertThat(statuses.keySet())
                .allMatch(s -> List.of(200, 202, 400, 413, 415, 422).contains(s));
        assertThat(statuses.getOrDefault(400, 0)).isGreaterThan(BODIES / 2);
    }

    /** A plain seeded generator of malformed request bodies (reproducible: -Dfuzz.seed). */
    static final class Mutations {

        static final String[] IDENTIFIERS = {
            "{\"type\":\"EMAIL\",\"value\":\"%s@example.com\"}",
            "{\"type\":\"PHONE\",\"value\":\"+4670%s\"}",
            "{\"type\":\"SE_PERSONNUMMER\",\"value\":\"%s\"}",
            "{\"type\":\"DK_CPR\",\"value\":\"%s\"}",
            "{\"type\":\"USER_ID\",\"value\":\"%s\"}",
            "{\"type\":\"CUSTOMER_NUMBER\",\"value\":\"%s\"}"
        };
        static final String[] TOKENS = {
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\\",
            "null",
            "true",
            "0",
            "-1",
            "1e999999",
            "99999999999999999999999999",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "\u00e9",
            "\ud83d\ude00",
            "\"type\"",
            "\"subject\"",
            "\"identifiers\"",
            "\"value\"",
            "[]",
            "{}",
            "\"ERASURE\"",
            "\"SE\"",
            "\"RESTRICTION\"",
            "\"PENDING\"",
            "NaN",
            "\t",
            "\n",
            "/*",
            "'",
            "\"verification\"",
            "\"externalId\""
        };
        static final String[] VALUES = {
            "null",
            "1",
            "-0.5",
            "true",
            "[]",
            "{}",
            "\"\"",
            "\" \"",
            "[null]",
            "{\"identifiers\":null}",
            "{\"identifiers\":[1,2]}",
            "\"x\"",
            "[[[]]]",
            "1e309"
        };

        static String valid(Random r, String marker) {
            StringBuilder ids = new StringBuilder();
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                ids.append(i == 0 ? "" : ",")
                        .append(IDENTIFIERS[r.nextInt(IDENTIFIERS.length)].formatted(marker + r.nextInt(1000)));
            }
            String[] types = {"ERASURE", "RESTRICTION", "LIFT_RESTRICTION"};
            return "{\"type\":\"" + types[r.nextInt(3)] + "\",\"jurisdiction\":\"" + (r.nextBoolean() ? "SE" : "DK")
                    + "\",\"subject\":{\"identifiers\":[" + ids + "]}}";
        }

        static byte[] body(Random r, String marker) {
            String s = valid(r, marker);
            int kind = r.nextInt(12);
            switch (kind) {
                case 0 -> s = s.substring(0, r.nextInt(s.length()));
                case 1 -> {
                    int at = r.nextInt(s.length());
                    s = s.substring(0, at) + TOKENS[r.nextInt(TOKENS.length)] + s.substring(at);
                }
                case 2 -> {
                    int at = r.nextInt(s.length());
                    s = s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + r.nextInt(5)));
                }
                case 3 ->
                    s = s.replaceFirst("\"(ERASURE|RESTRICTION|LIFT_RESTRICTION)\"", VALUES[r.nextInt(VALUES.length)]);
                case 4 -> s = s.replaceFirst("\"(SE|DK)\"", VALUES[r.nextInt(VALUES.length)]);
                case 5 ->
                    s = s.replaceFirst(
                            "\\{\"identifiers\":\\[.*\\]\\}",
                            java.util.regex.Matcher.quoteReplacement(VALUES[r.nextInt(VALUES.length)]));
                case 6 -> s = "[".repeat(1 + r.nextInt(3000)) + "]".repeat(r.nextInt(3000));
                case 7 -> {
                    byte[] bytes = new byte[1 + r.nextInt(300)];
                    r.nextBytes(bytes);
                    return bytes;
                }
                case 8 -> s = s.replace("\"value\":\"", "\"value\":" + VALUES[r.nextInt(VALUES.length)] + ",\"x\":\"");
                case 9 -> s = s.replace("]}}", ",".repeat(1 + r.nextInt(3)) + "]}}");
                case 10 ->
                    s = s.replaceFirst(
                            "\"value\":\"[^\"]*\"",
                            "\"value\":\"" + marker + "\\u0001".repeat(1 + r.nextInt(3)) + "\"");
                default -> {
                    for (int i = 0; i < 1 + r.nextInt(6); i++) {
                        int at = r.nextInt(s.length() + 1);
                        s = s.substring(0, at) + TOKENS[r.nextInt(TOKENS.length)] + s.substring(at);
                    }
                }
            }
            return s.getBytes(StandardCharsets.UTF_8);
        }

        static String contentType(Random r) {
            String[] types = {
                "text/plain",
                "application/xml",
                "application/json; charset=latin1",
                "*/*",
                "application/problem+json",
                "multipart/form-data; boundary=x",
                "garbage"
            };
            return types[r.nextInt(types.length)];
        }
    }
}
