package org.dsr.adapter.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.SecretKey;
import com.sun.net.httpserver.HttpServer;
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
import org.dsr.testsupport.TestSigningKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key fetches against a stub of request-service's endpoint (the JDK's own HTTP server): what is sent, how
 * the answer is read, and which failures are worth retrying.
 */
class DataKeyClientTest {

    static final byte[] RAW = new byte[32];

    static {
        for (int i = 0; i < RAW.length; i++) {
            RAW[i] = (byte) i;
        }
    }

    HttpServer server;
    final AtomicReference<String> body = new AtomicReference<>();
    final AtomicReference<String> path = new AtomicReference<>();
    final AtomicReference<String> method = new AtomicReference<>();
    final AtomicReference<String> authorization = new AtomicReference<>();
    volatile int status = 200;
    volatile String answer;

    final List<String> tokenRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger issued = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // the identity provider's token endpoint: a new short-lived token per call
        server.createContext("/token", exchange -> {
            tokenRequests.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = ("{\"access_token\":\"short-" + issued.incrementAndGet()
                            + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.createContext("/internal/v1/data-keys", exchange -> {
            path.set(exchange.getRequestURI().getPath());
            method.set(exchange.getRequestMethod());
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] out = (answer == null ? "" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    DataKeyClient client() {
        return new DataKeyClient(
                "http://127.0.0.1:" + server.getAddress().getPort(),
                Optional.of("adapter-token"),
                Optional.empty(),
                Duration.ofSeconds(5),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** A signed command whose identifiers are encrypted under {@code keyId}. */
    static ProcessorCommandV1 commandFor(String keyId) {
        ProcessorCommandV1 command = new ProcessorCommandV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "hosting",
                RequestType.ERASURE,
                Jurisdiction.SE,
                new Subject(
                        "p",
                        List.of(IdentifierType.EMAIL),
                        new EncryptedIdentifiers(keyId, "A256GCM", "bm9uY2U=", "Y2lwaGVy")),
                List.of(new CategoryCommand("account", Action.ERASE)),
                Instant.now(),
                1);
        TestSigningKeys.Pair orchestrator = TestSigningKeys.of("orchestrator");
        return command.withSignature(SignedJson.sign(command, orchestrator.keyId(), orchestrator.privateKey()));
    }

    @Test
    void postsTheSignedCommandWithASingleFetch() throws Exception {
        String keyId = "dk-00000000-0000-0000-0000-000000000003";
        answer = """
                {"keyId":"%s","requestId":"00000000-0000-0000-0000-0000000000aa","algorithm":"A256GCM","key":"%s"}""".formatted(keyId, Base64.getEncoder().encodeToString(RAW));
        ProcessorCommandV1 command = commandFor(keyId);

        SecretKey key = client().fetch(command).await().atMost(Duration.ofSeconds(10));

        assertThat(key.getEncoded()).isEqualTo(RAW);
        assertThat(path.get()).isEqualTo("/internal/v1/data-keys/" + keyId);
        assertThat(method.get()).isEqualTo("POST");
        ProcessorCommandV1 sent =
                Json.convert(Json.MAPPER.readTree(body.get()).path("command"), ProcessorCommandV1.class);
        assertThat(sent).isEqualTo(command);
        assertThat(SignedJson.verify(
                        sent,
                        sent.signature(),
                        TestSigningKeys.of("orchestrator").publicKey()))
                .isTrue();
    }

    @Test
    void aRefusedOrDestroyedKeyIsToldApart() {
        String keyId = "dk-00000000-0000-0000-0000-000000000004";
        // refused: asking again cannot help, so the command is dead-lettered with request-service's reason
        status = 403;
        answer = """
                {"type":"about:blank","status":403,"detail":"the token does not name the command's processor (claim dsr_processors)"}""";
        assertThatThrownBy(() -> client().fetch(commandFor(keyId)).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(DataKeyClient.KeyRefusedException.class)
                .hasMessage("data key refused: the token does not name the command's processor (claim dsr_processors)");
        // a refused batch: each command asks alone, to learn its own answer
        assertThat(client().fetchAll(List.of(commandFor(keyId))).await().atMost(Duration.ofSeconds(10)))
                .isEmpty();
        status = 410;
        assertThatThrownBy(() -> client().fetch(commandFor(keyId)).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(DataKeyClient.KeyDestroyedException.class)
                .hasMessage("data key destroyed");
    }

    @Test
    void postsTheSignedCommandsOnceAndReturnsTheGrantedKeys() throws Exception {
        String granted = "dk-00000000-0000-0000-0000-000000000001";
        String destroyed = "dk-00000000-0000-0000-0000-000000000002";
        answer = """
                {"keys":[{"keyId":"%s","requestId":"00000000-0000-0000-0000-0000000000aa","algorithm":"A256GCM",
                "key":"%s"}],"unavailable":{"%s":"DESTROYED"}}""".formatted(granted, Base64.getEncoder().encodeToString(RAW), destroyed);

        List<ProcessorCommandV1> commands = List.of(commandFor(granted), commandFor(destroyed));
        Map<String, SecretKey> keys = client().fetchAll(commands).await().atMost(Duration.ofSeconds(10));

        assertThat(keys).containsOnlyKeys(granted);
        assertThat(keys.get(granted).getEncoded()).isEqualTo(RAW);
        assertThat(path.get()).isEqualTo("/internal/v1/data-keys");
        assertThat(Json.MAPPER.convertValue(
                        Json.MAPPER.readTree(body.get()).path("commands"), ProcessorCommandV1[].class))
                .containsExactlyElementsOf(commands);
        assertThat(authorization.get()).isEqualTo("Bearer adapter-token");
    }

    @Test
    void withClientCredentialsTheShortLivedTokenIsFetchedOnceReusedAndFetchedAgainWhenRefused(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path secret = dir.resolve("client.secret");
        java.nio.file.Files.writeString(secret, "s3cret:with/odd chars\n");
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        DataKeyClient client = new DataKeyClient(
                url,
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(5),
                Optional.of(url + "/token"),
                Optional.of("connector"),
                Optional.of(secret.toString()));
        answer = "{\"keys\":[]}";

        client.fetchAll(List.of(commandFor("dk-1"))).await().atMost(Duration.ofSeconds(10));
        client.fetchAll(List.of(commandFor("dk-2"))).await().atMost(Duration.ofSeconds(10));

        assertThat(tokenRequests).as("one token for both fetches").hasSize(1);
        assertThat(tokenRequests.get(0))
                .isEqualTo("Basic "
                        + Base64.getEncoder()
                                .encodeToString("connector:s3cret%3Awith%2Fodd+chars".getBytes(StandardCharsets.UTF_8))
                        + " grant_type=client_credentials");
        assertThat(authorization.get()).isEqualTo("Bearer short-1");

        // request-service refuses it (expired, revoked): the next fetch gets a new token
        status = 401;
        assertThatThrownBy(() ->
                        client.fetchAll(List.of(commandFor("dk-3"))).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("data key service answered 401");
        status = 200;
        client.fetchAll(List.of(commandFor("dk-3"))).await().atMost(Duration.ofSeconds(10));
        assertThat(tokenRequests).hasSize(2);
        assertThat(authorization.get()).isEqualTo("Bearer short-2");
    }

    @Test
    void aTokenIsRenewedAFifthOfItsLifeEarlyAtMostThirtySeconds() {
        java.time.Instant at = java.time.Instant.parse("2026-12-07T12:00:00Z");
        assertThat(ClientCredentialsToken.renewAt(at, 300)).isEqualTo(at.plusSeconds(270));
        assertThat(ClientCredentialsToken.renewAt(at, 60)).isEqualTo(at.plusSeconds(48));
        assertThat(ClientCredentialsToken.renewAt(at, 3600)).isEqualTo(at.plusSeconds(3570));
    }

    @Test
    void anErrorAnswerOrAnUnreadableKeyIsWorthRetrying() {
        status = 503;
        assertThatThrownBy(() ->
                        client().fetchAll(List.of(commandFor("dk-1"))).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("data key service answered 503");

        status = 200;
        answer = "{\"keys\":[{\"keyId\":\"dk-1\",\"key\":\"not base64!\"}]}";
        assertThatThrownBy(() ->
                        client().fetchAll(List.of(commandFor("dk-1"))).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("data key service answered an unreadable key");
    }

    @Test
    void anUnreachableServiceIsWorthRetrying() {
        int port = server.getAddress().getPort();
        server.stop(0);
        DataKeyClient client = new DataKeyClient(
                "http://127.0.0.1:" + port,
                Optional.of("t"),
                Optional.empty(),
                Duration.ofSeconds(2),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        assertThatThrownBy(() ->
                        client.fetchAll(List.of(commandFor("dk-1"))).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("data key service unreachable");
    }
}
