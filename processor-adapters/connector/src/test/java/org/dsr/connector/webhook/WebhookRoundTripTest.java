package org.dsr.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import com.sun.net.httpserver.HttpServer;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.OutcomeRules;
import org.dsr.connector.kind.PendingStepIds;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.keys.SigningKeyPair;
import org.dsr.testsupport.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector and the Python example service of examples/webhook-python, for real: signed command out, the
 * service erases rows in its own SQLite database, signed outcomes back, at once or by callback.
 */
class WebhookRoundTripTest {

    private static final List<Identifier> ALICE = List.of(new Identifier(IdentifierType.EMAIL, "alice@example.com"));
    private static final List<CategoryCommand> CATEGORIES = List.of(
            new CategoryCommand("account", Action.ERASE),
            new CategoryCommand("orders", Action.ERASE),
            new CategoryCommand("newsletter", Action.ERASE));

    @TempDir
    Path dir;

    private SigningKeyPair key;
    private PythonService service;
    private HttpServer callbacks;
    private WebhookConnector connector;

    @BeforeEach
    void keys() {
        key = SigningKeyPair.loadOrCreate(dir.resolve("connector-keys"), WebhookFixture.PROCESSOR);
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (callbacks != null) {
            callbacks.stop(0);
        }
    }

    private WebhookConnector connector(String extraSettings, SettableClock clock) {
        String yaml = "url: " + service.url() + "\n"
                + "public-key: {file: service-keys/service.pub}\n"
                + "categories: {account: [ERASE], orders: [ERASE, ANONYMISE], newsletter: [ERASE]}\n"
                + "timeout: 20s\n" + extraSettings;
        List<String> errors = new ArrayList<>();
        var entry = WebhookFixture.entry(yaml, dir);
        var settings = WebhookFixture.settings(entry, errors, Map.of());
        WebhookConnector built = clock == null
                ? (WebhookConnector) new WebhookKind().create(entry, settings, key)
                : new WebhookConnector(entry.name(), WebhookSettings.read(settings), key, clock);
        assertThat(errors).isEmpty();
        return built;
    }

    private void startService(String... extra) throws Exception {
        service = PythonService.start(
                dir.resolve("shop.db"), dir.resolve("service-keys"), dir.resolve("connector-keys/shop.pub"), extra);
    }

    private long alice(String table) throws Exception {
        return PythonService.count(dir.resolve("shop.db"), table, "alice@example.com");
    }

    private long bob(String table) throws Exception {
        return PythonService.count(dir.resolve("shop.db"), table, "bob@example.com");
    }

    @Test
    void synchronousAnswerErasesTheSubjectsRowsAndOnlyThose() throws Exception {
        startService();
        connector = connector("", null);
        ProcessorCommandV1 command = WebhookFixture.command(ALICE, CATEGORIES);
        assertThat(alice("users")).isEqualTo(1);
        assertThat(alice("orders")).isEqualTo(2);

        Map<String, StepResult> results = WebhookFixture.byCategory(connector
                .execute(WebhookFixture.context(command, ALICE))
                .await()
                .atMost(Duration.ofSeconds(60)));

        assertThat(results.keySet()).containsExactlyInAnyOrder("account", "orders", "newsletter");
        assertThat(results.get("orders").result().rowsAffected()).isEqualTo(2);
        assertThat(results.get("account").result().rowsAffected()).isEqualTo(1);
        assertThat(results.get("newsletter").result().rowsAffected()).isEqualTo(1);
        for (CategoryCommand c : CATEGORIES) {
            CategoryResult r = results.get(c.category()).result();
            assertThat(r.failure()).isNull();
            assertThat(r.remainingMatches()).isZero();
            assertThat(r.verification()).contains("counted after the delete");
            assertThat(r.exchanges()).singleElement().satisfies(e -> {
                assertThat(e.step()).isEqualTo("act");
                assertThat(e.request()).isEqualTo("POST /dsr");
                assertThat(e.status()).isEqualTo(200);
                assertThat(e.sha256()).matches("[0-9a-f]{64}");
            });
            assertThat(OutcomeRules.outcome(UUID.randomUUID(), "shop", command, c, r, Instant.now())
                            .status())
                    .isEqualTo(OutcomeStatus.ERASED);
            assertThat(r.toString()).doesNotContain("alice");
        }
        assertThat(alice("users") + alice("orders") + alice("newsletter")).isZero();
        assertThat(bob("users")).isEqualTo(1);
        assertThat(bob("orders")).isEqualTo(1);
        assertThat(bob("newsletter")).isEqualTo(1);

        // the same command again (a redelivery after a lost answer): the service answers what it did, not NOT_FOUND
        Map<String, StepResult> again = WebhookFixture.byCategory(connector
                .execute(WebhookFixture.context(command, ALICE))
                .await()
                .atMost(Duration.ofSeconds(60)));
        assertThat(again.get("orders").result().rowsAffected()).isEqualTo(2);
        assertThat(again.get("orders").result().failure()).isNull();
        assertThat(bob("orders")).isEqualTo(1);
    }

    @Test
    void anonymisationKeepsTheRowsWithoutThePerson() throws Exception {
        startService();
        connector = connector("", null);
        CategoryCommand orders = new CategoryCommand("orders", Action.ANONYMISE);
        ProcessorCommandV1 command = WebhookFixture.command(ALICE, List.of(orders));

        StepResult result = connector
                .execute(WebhookFixture.context(command, ALICE))
                .await()
                .atMost(Duration.ofSeconds(60))
                .get(0);

        assertThat(OutcomeRules.outcome(UUID.randomUUID(), "shop", command, orders, result.result(), Instant.now())
                        .status())
                .isEqualTo(OutcomeStatus.ANONYMISED);
        assertThat(result.result().rowsAffected()).isEqualTo(2);
        assertThat(alice("orders")).isZero();
        assertThat(PythonService.count(dir.resolve("shop.db"), "orders", "")).isZero();
        assertThat(alice("users")).isEqualTo(1);
    }

    @Test
    void acceptedThenSignedCallbackFinishesEachStep() throws Exception {
        startService("--async", "--callback-delay", "0.2");
        Map<UUID, WebhookConnector.Callback> received = new ConcurrentHashMap<>();
        callbacks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callbacks.createContext("/api/v1/webhooks/shop/callbacks/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            UUID step = UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
            WebhookConnector.Callback answer = connector.callback(
                    step,
                    exchange.getRequestHeaders().getFirst(WebhookSignatures.TIMESTAMP),
                    exchange.getRequestHeaders().getFirst(WebhookSignatures.SIGNATURE),
                    exchange.getRequestBody().readAllBytes());
            received.put(step, answer);
            exchange.sendResponseHeaders(answer instanceof WebhookConnector.Refused r ? r.status() : 204, -1);
            exchange.close();
        });
        callbacks.start();
        connector = connector(
                "callback-base-url: http://127.0.0.1:" + callbacks.getAddress().getPort() + "\n"
                        + "callback-within: 10m\n",
                null);
        ProcessorCommandV1 command = WebhookFixture.command(ALICE, CATEGORIES);

        List<StepResult> results = connector
                .execute(WebhookFixture.context(command, ALICE))
                .await()
                .atMost(Duration.ofSeconds(60));

        for (StepResult r : results) {
            assertThat(r.result().expectedCompletion()).isAfter(Instant.now().plus(Duration.ofMinutes(9)));
            assertThat(r.resumeState()).startsWith(WebhookConnector.RESUME_PREFIX);
            assertThat(r.result().exchanges().get(0).status()).isEqualTo(202);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 3);
        for (CategoryCommand c : CATEGORIES) {
            UUID step = PendingStepIds.of(command.commandId(), "shop", c.category());
            assertThat(received.get(step)).isInstanceOfSatisfying(WebhookConnector.Accepted.class, a -> {
                assertThat(a.result().failure()).isNull();
                assertThat(a.result().rowsAffected()).isPositive();
                assertThat(a.result().remainingMatches()).isZero();
                assertThat(a.result().exchanges())
                        .singleElement()
                        .satisfies(e -> assertThat(e.step()).isEqualTo("callback"));
            });
        }
        assertThat(alice("users") + alice("orders") + alice("newsletter")).isZero();
        assertThat(bob("orders")).isEqualTo(1);
    }

    @Test
    void serviceRefusesARequestWhoseTimestampIsOldAndActsOnNothing() throws Exception {
        startService();
        SettableClock clock = new SettableClock(Instant.now());
        clock.set(Instant.now().minus(Duration.ofMinutes(10)));
        connector = connector("", clock);
        ProcessorCommandV1 command = WebhookFixture.command(ALICE, CATEGORIES);

        List<StepResult> results = connector
                .execute(WebhookFixture.context(command, ALICE))
                .await()
                .atMost(Duration.ofSeconds(60));

        assertThat(results).hasSize(3).allSatisfy(r -> {
            assertThat(r.result().failure().retryable()).isFalse();
            assertThat(r.result().failure().reason()).isEqualTo("the service refused the request with HTTP 401");
        });
        assertThat(alice("users")).isEqualTo(1);
        assertThat(alice("orders")).isEqualTo(2);
    }

    @Test
    void serviceRefusesARequestSignedWithAnotherKey() throws Exception {
        startService();
        key = SigningKeyPair.loadOrCreate(dir.resolve("other-keys"), WebhookFixture.PROCESSOR);
        connector = connector("", null);
        ProcessorCommandV1 command = WebhookFixture.command(ALICE, CATEGORIES);

        List<StepResult> results = connector
                .execute(WebhookFixture.context(command, ALICE))
                .await()
                .atMost(Duration.ofSeconds(60));

        assertThat(results)
                .allSatisfy(r -> assertThat(r.result().failure().reason()).contains("HTTP 401"));
        assertThat(alice("newsletter")).isEqualTo(1);
    }
}
