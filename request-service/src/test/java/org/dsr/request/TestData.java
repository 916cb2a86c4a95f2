package org.dsr.request;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.dsr.kit.security.Roles;
import org.dsr.testsupport.TestInfrastructure;
import org.dsr.testsupport.TestSigningKeys;
import org.dsr.testsupport.TestTokens;

final class TestData {

    static final String DATABASE = "request_service_test";

    private TestData() {}

    static String body(String email) {
        return """
                {"type":"ERASURE","jurisdiction":"SE","subject":{"identifiers":[{"type":"EMAIL","value":"%s"}]}}""".formatted(email);
    }

    /** Submits as a dsr-submitter (subject {@value #SUBMITTER}). */
    static ValidatableResponse submit(String json) {
        return as(Roles.SUBMITTER)
                .contentType(ContentType.JSON)
                .body(json)
                .when()
                .post("/api/v1/requests")
                .then();
    }

    static final String SUBMITTER = "test-submitter";

    /** A request carrying a token with one role (subject: test-&lt;role&gt; or {@link #SUBMITTER}). */
    static RequestSpecification as(String role) {
        return given().auth().oauth2(token(role, role.equals(Roles.SUBMITTER) ? SUBMITTER : "test-" + role));
    }

    static RequestSpecification as(String role, String subject) {
        return given().auth().oauth2(token(role, subject));
    }

    static RequestSpecification operator() {
        return as(Roles.OPERATOR);
    }

    /** The processor the tests' commands are routed to, and the adapter's token acts for. */
    static final String PROCESSOR = "hosting";

    static final String ADAPTER = "test-adapter";

    /** A command for {@code processor} whose subject is under this key, signed with the orchestrator's test key. */
    static ProcessorCommandV1 commandFor(EncryptedIdentifiers encrypted, String requestId, String processor) {
        ProcessorCommandV1 command = new ProcessorCommandV1(
                UUID.randomUUID(),
                UUID.fromString(requestId),
                processor,
                RequestType.ERASURE,
                Jurisdiction.SE,
                new Subject("pseudonym", List.of(IdentifierType.EMAIL), encrypted),
                List.of(new CategoryCommand("account", Action.ERASE)),
                Instant.now(),
                1);
        TestSigningKeys.Pair orchestrator = TestSigningKeys.of("orchestrator");
        return command.withSignature(SignedJson.sign(command, orchestrator.keyId(), orchestrator.privateKey()));
    }

    /** A dsr-adapter acting for {@code processors} ({@code dsr_processors}), subject {@value #ADAPTER}. */
    static RequestSpecification adapterFor(String... processors) {
        return given().auth().oauth2(TestTokens.adapterToken(ADAPTER, processors));
    }

    /** Asks for a data key with a command, as the connector does. */
    static ValidatableResponse fetchKey(RequestSpecification as, String keyId, ProcessorCommandV1 command) {
        return as.contentType(ContentType.JSON)
                .body(Json.write(Map.of("command", command)))
                .post("/internal/v1/data-keys/" + keyId)
                .then();
    }

    /** Asks for a batch of data keys with their commands, as the connector does. */
    static ValidatableResponse fetchKeys(RequestSpecification as, List<ProcessorCommandV1> commands) {
        return as.contentType(ContentType.JSON)
                .body(Json.write(Map.of("commands", commands)))
                .post("/internal/v1/data-keys")
                .then();
    }

    /** Fetches the data key as the connector would, with the request's command, and decrypts; fails when it is gone. */
    static List<org.dsr.contracts.subject.Identifier> decrypt(EncryptedIdentifiers encrypted, String requestId) {
        String key = fetchKey(adapterFor(PROCESSOR), encrypted.keyId(), commandFor(encrypted, requestId, PROCESSOR))
                .statusCode(200)
                .extract()
                .path("key");
        return org.dsr.contracts.crypto.IdentifierCipher.decrypt(
                encrypted,
                org.dsr.contracts.crypto.IdentifierCipher.key(
                        java.util.Base64.getDecoder().decode(key)),
                requestId);
    }

    /**
     * Tries to decrypt as the connector would: asks for the data key with the request's command and decrypts with
     * what it is given. Empty when the service answers that the key was destroyed (410); any other refusal fails.
     */
    static java.util.Optional<List<org.dsr.contracts.subject.Identifier>> decryptIfKeyReleased(
            EncryptedIdentifiers encrypted, String requestId) {
        var answer = fetchKey(adapterFor(PROCESSOR), encrypted.keyId(), commandFor(encrypted, requestId, PROCESSOR))
                .extract();
        if (answer.statusCode() == 410) {
            org.assertj.core.api.Assertions.assertThat(answer.<String>path("type"))
                    .endsWith("/data-key-destroyed");
            org.assertj.core.api.Assertions.assertThat(answer.<String>path("key"))
                    .isNull();
            return java.util.Optional.empty();
        }
        org.assertj.core.api.Assertions.assertThat(answer.statusCode())
                .as("key answer")
                .isEqualTo(200);
        return java.util.Optional.of(org.dsr.contracts.crypto.IdentifierCipher.decrypt(
                encrypted,
                org.dsr.contracts.crypto.IdentifierCipher.key(
                        Base64.getDecoder().decode(answer.<String>path("key"))),
                requestId));
    }

    static String token(String role, String subject) {
        return Jwt.issuer("dsr-local")
                .subject(subject)
                .groups(Set.of(role))
                .audience(Set.copyOf(org.dsr.contracts.Audiences.forRoles(Set.of(role))))
                .expiresIn(role.equals(Roles.ADAPTER) ? 300 : 3600)
                .sign();
    }

    /** Every row of every table in the public schema, as text, that contains the needle (case-insensitive). */
    static List<String> rowsContaining(String needle) throws Exception {
        List<String> hits = new ArrayList<>();
        try (Connection c = TestInfrastructure.get().connect(DATABASE);
                Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select table_name from information_schema.tables"
                    + " where table_schema = 'public' and table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (tables.size() < 5) {
                throw new IllegalStateException("expected the service's tables, found " + tables);
            }
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("select t::text from \"" + table + "\" t")) {
                    while (rs.next()) {
                        if (rs.getString(1).toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT))) {
                            hits.add(table + ": " + rs.getString(1));
                        }
                    }
                }
            }
        }
        return hits;
    }

    static String string(String sql, Object... args) throws Exception {
        try (Connection c = TestInfrastructure.get().connect(DATABASE);
                var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static long count(String sql, Object... args) throws Exception {
        try (Connection c = TestInfrastructure.get().connect(DATABASE);
                var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
