package org.dsr.adapter.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsr.contracts.crypto.IdentifierCipher;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.dsr.testsupport.TestSigningKeys;
import org.dsr.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/** The stand-in answers as request-service does, so a connector that stops sending what it must is caught. */
class DataKeyStubTest {

    static {
        // outside Quarkus, the test tokens' signing key comes from a system property (a service sets it in %test)
        System.setProperty("smallrye.jwt.sign.key.location", "test-jwt-private.pem");
    }

    static final List<Identifier> ALICE = List.of(new Identifier(IdentifierType.EMAIL, "alice@example.org"));

    final DataKeyStub stub = DataKeyStub.get();
    final Map<String, String> config = stub.connectorConfig("hosting");
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void releasesTheKeyOfASignedCommandAndItOpensTheIdentifiers() throws Exception {
        ProcessorCommandV1 command = command("hosting");
        HttpResponse<String> answer = post(
                command.subject().identifiers().keyId(), Map.of("command", command), config.get("dsr.data-keys.token"));

        assertThat(answer.statusCode()).isEqualTo(200);
        var body = Json.MAPPER.readTree(answer.body());
        assertThat(body.get("requestId").asText()).isEqualTo(command.requestId().toString());
        assertThat(body.get("algorithm").asText()).isEqualTo("A256GCM");
        byte[] raw = java.util.Base64.getDecoder().decode(body.get("key").asText());
        assertThat(IdentifierCipher.decrypt(
                        command.subject().identifiers(),
                        IdentifierCipher.key(raw),
                        command.requestId().toString()))
                .isEqualTo(ALICE);
        assertThat(stub.releases(command.subject().identifiers().keyId())).isOne();
    }

    @Test
    void refusesWhatRequestServiceRefuses() throws Exception {
        ProcessorCommandV1 command = command("hosting");
        String keyId = command.subject().identifiers().keyId();
        String token = config.get("dsr.data-keys.token");

        assertThat(post(keyId, Map.of(), token).statusCode()).as("no command").isEqualTo(400);
        assertThat(post(keyId, Map.of("command", command), null).statusCode())
                .as("no token")
                .isEqualTo(401);
        assertThat(post(keyId, Map.of("command", command), TestTokens.token("someone", "dsr-operator"))
                        .statusCode())
                .as("not an adapter")
                .isEqualTo(401);
        assertThat(post("dk-" + UUID.randomUUID(), Map.of("command", command), token)
                        .statusCode())
                .as("another key than the command's")
                .isEqualTo(403);
        assertThat(post(keyId, Map.of("command", command.withSignature(null)), token)
                        .statusCode())
                .as("unsigned")
                .isEqualTo(403);
        ProcessorCommandV1 payments = command("payments");
        assertThat(post(payments.subject().identifiers().keyId(), Map.of("command", payments), token)
                        .statusCode())
                .as("a processor the token does not name")
                .isEqualTo(403);
        assertThat(stub.releases(keyId)).isZero();
    }

    @Test
    void answersAnUnknownKey404AndADestroyedOne410AndABatchListsThemUnavailable() throws Exception {
        String token = config.get("dsr.data-keys.token");
        ProcessorCommandV1 destroyed = command("hosting");
        stub.destroy(destroyed.subject().identifiers().keyId());
        ProcessorCommandV1 known = command("hosting");
        ProcessorCommandV1 unknown = signed(new ProcessorCommandV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "hosting",
                RequestType.ERASURE,
                Jurisdiction.SE,
                new Subject(
                        "p",
                        List.of(IdentifierType.EMAIL),
                        org.dsr.testsupport.TestDataKeys.encrypt(ALICE, UUID.randomUUID())),
                List.of(new CategoryCommand("account", Action.ERASE)),
                Instant.now(),
                1));

        assertThat(post(unknown.subject().identifiers().keyId(), Map.of("command", unknown), token)
                        .statusCode())
                .isEqualTo(404);
        assertThat(post(destroyed.subject().identifiers().keyId(), Map.of("command", destroyed), token)
                        .statusCode())
                .isEqualTo(410);
        HttpResponse<String> batch = post(null, Map.of("commands", List.of(known, destroyed, unknown)), token);
        assertThat(batch.statusCode()).isEqualTo(200);
        var body = Json.MAPPER.readTree(batch.body());
        assertThat(body.get("keys")).hasSize(1);
        assertThat(body.get("keys").get(0).get("keyId").asText())
                .isEqualTo(known.subject().identifiers().keyId());
        assertThat(body.get("unavailable")
                        .get(destroyed.subject().identifiers().keyId())
                        .asText())
                .isEqualTo("DESTROYED");
        assertThat(body.get("unavailable")
                        .get(unknown.subject().identifiers().keyId())
                        .asText())
                .isEqualTo("UNKNOWN");
    }

    private ProcessorCommandV1 command(String processor) {
        UUID requestId = UUID.randomUUID();
        return signed(new ProcessorCommandV1(
                UUID.randomUUID(),
                requestId,
                processor,
                RequestType.ERASURE,
                Jurisdiction.SE,
                new Subject("p", List.of(IdentifierType.EMAIL), stub.encrypt(ALICE, requestId)),
                List.of(new CategoryCommand("account", Action.ERASE)),
                Instant.now(),
                1));
    }

    private static ProcessorCommandV1 signed(ProcessorCommandV1 command) {
        return AdapterTestClient.signedBy(TestSigningKeys.of("orchestrator"), command);
    }

    private HttpResponse<String> post(String keyId, Object body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.get("dsr.data-keys.url")
                        + "/internal/v1/data-keys" + (keyId == null ? "" : "/" + keyId)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
