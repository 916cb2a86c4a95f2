package org.dsr.orchestrator.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jakarta.inject.Inject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.kit.keys.SubjectKeys;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.console.operator.SagaChangeFeed;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/** The live stream: a saga that changes on the broker shows up as a server-sent event, with ids and statuses only. */
@QuarkusTest
@QuarkusTestResource(
        value = PolicyInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "orchestrator_test"))
@RealInfrastructureTest
class UiLiveUpdatesTest {

    @org.junit.jupiter.api.BeforeEach
    void topics() {
        UiTestClient.createTopics();
    }

    @Inject
    SubjectKeys keys;

    @Inject
    SagaChangeFeed feed;

    @Test
    void theStreamEmitsAnEventWhenASagaChanges() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + RestAssured.port + "/ui/sagas/stream"))
                .header("Accept", "text/event-stream")
                .header("Cookie", UiTestClient.COOKIE + "=" + TestTokens.token("sse-operator", Roles.OPERATOR))
                .build();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            lines.add(line);
                        }
                    } catch (java.io.IOException e) {
                        // closed at the end of the test
                    }
                },
                "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> feed.watchers() > 0);
            // the feed's first poll only takes stock: a saga submitted before it would not be an event
            await().atMost(Duration.ofSeconds(10)).until(feed::tookStock);

            RequestSubmittedV1 submitted = UiTestClient.submit(keys);
            String id = submitted.requestId().toString();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(lines)
                            .anySatisfy(l -> assertThat(l)
                                    .startsWith("data:")
                                    .contains("{\"requestId\":\"" + id)
                                    .contains("IN_PROGRESS")));
            assertThat(lines).anySatisfy(l -> assertThat(l).matches("event: ?saga"));

            // a step-only change (one processor answers, the saga stays IN_PROGRESS) is an event too
            int before = (int) lines.stream().filter(l -> l.contains(id)).count();
            UiTestClient.answerAll(UiTestClient.command("hosting", submitted.requestId()));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    lines.stream().filter(l -> l.contains(id)).count())
                            .isGreaterThan(before));
            assertThat(String.join("\n", lines))
                    .doesNotContain(UiTestClient.EMAIL)
                    .doesNotContain(submitted.subject().pseudonym());
        } finally {
            response.body().close();
        }
    }
}
