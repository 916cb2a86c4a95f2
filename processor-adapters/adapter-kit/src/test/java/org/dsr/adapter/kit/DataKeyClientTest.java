package org.dsr.adapter.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import org.dsr.contracts.json.Json;

/**
 * The batch key fetch against a stub of request-service's endpoint (the JDK's own HTTP server): what is sent, how
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
    final AtomicReference<String> authorization = new AtomicReference<>();
    volatile int status = 200;
    volatile String answer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/data-keys", exchange -> {
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
        return new DataKeyClient("http://127.0.0.1:" + server.getAddress().getPort(), Optional.of("adapter-token"),
                Optional.empty(), Duration.ofSeconds(5));
    }

    @Test
    void postsTheKeyIdsOnceAndReturnsTheGrantedKeys() throws Exception {
        String granted = "dk-00000000-0000-0000-0000-000000000001";
        String destroyed = "dk-00000000-0000-0000-0000-000000000002";
        answer = """
                {"keys":[{"keyId":"%s","requestId":"00000000-0000-0000-0000-0000000000aa","algorithm":"A256GCM",
                "key":"%s"}],"unavailable":{"%s":"DESTROYED"}}""".formatted(granted,
                Base64.getEncoder().encodeToString(RAW), destroyed);

        Map<String, SecretKey> keys = client().fetchAll(List.of(granted, destroyed)).await().atMost(
                Duration.ofSeconds(10));

        assertThat(keys).containsOnlyKeys(granted);
        assertThat(keys.get(granted).getEncoded()).isEqualTo(RAW);
        assertThat(Json.MAPPER.readTree(body.get()).path("keyIds").toString())
                .isEqualTo("[\"" + granted + "\",\"" + destroyed + "\"]");
        assertThat(authorization.get()).isEqualTo("Bearer adapter-token");
    }

    @Test
    void anErrorAnswerOrAnUnreadableKeyIsWorthRetrying() {
        status = 503;
        assertThatThrownBy(() -> client().fetchAll(List.of("dk-1")).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class).hasMessage("data key service answered 503");

        status = 200;
        answer = "{\"keys\":[{\"keyId\":\"dk-1\",\"key\":\"not base64!\"}]}";
        assertThatThrownBy(() -> client().fetchAll(List.of("dk-1")).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("data key service answered an unreadable key");
    }

    @Test
    void anUnreachableServiceIsWorthRetrying() {
        int port = server.getAddress().getPort();
        server.stop(0);
        DataKeyClient client = new DataKeyClient("http://127.0.0.1:" + port, Optional.of("t"), Optional.empty(),
                Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.fetchAll(List.of("dk-1")).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("data key service unreachable");
    }
}
