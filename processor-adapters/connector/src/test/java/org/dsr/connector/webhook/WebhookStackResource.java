package org.dsr.connector.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.dsr.adapter.kit.testing.DataKeyStub;
import org.dsr.contracts.Topics;
import org.dsr.kit.keys.SigningKeyPair;
import org.dsr.testsupport.TestInfrastructure;

/**
 * Real Kafka and PostgreSQL, plus the Python example service in --async mode and a connectors file that hosts it as
 * processor {@code shop}, calling back to the connector under test on a port chosen here.
 */
public class WebhookStackResource implements QuarkusTestResourceLifecycleManager {

    static Path dir;
    private PythonService service;

    @Override
    public Map<String, String> start() {
        try {
            Map<String, String> config =
                    new HashMap<>(TestInfrastructure.get().serviceConfig("connector_webhook_test"));
            String topic = Topics.commands(WebhookFixture.PROCESSOR);
            TestInfrastructure.get().createTopics(List.of(topic, Topics.deadLetter(topic)));
            Path keys = Path.of(config.get("dsr.keys-dir"));
            SigningKeyPair.loadOrCreate(keys, WebhookFixture.PROCESSOR); // the service pins it before we start
            dir = Files.createTempDirectory("webhook-stack");
            service = PythonService.start(
                    dir.resolve("shop.db"),
                    dir.resolve("service-keys"),
                    keys.resolve(WebhookFixture.PROCESSOR + ".pub"),
                    "--async",
                    "--callback-delay",
                    "0.5");
            int port = TestInfrastructure.freePort();
            Path file = dir.resolve("connectors.yaml");
            Files.writeString(
                    file,
                    "processors:\n  shop:\n    kind: webhook\n    settings:\n"
                            + "      url: " + service.url() + "\n"
                            + "      public-key: {file: service-keys/service.pub}\n"
                            + "      categories: {account: [ERASE], orders: [ERASE, ANONYMISE], newsletter: [ERASE]}\n"
                            + "      callback-base-url: http://127.0.0.1:" + port + "\n"
                            + "      callback-within: 10m\n");
            config.put("dsr.connector.file", file.toString());
            config.put("quarkus.http.test-port", Integer.toString(port));
            config.putAll(DataKeyStub.get().connectorConfig(WebhookFixture.PROCESSOR));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the webhook stack", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (service != null) {
                service.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
