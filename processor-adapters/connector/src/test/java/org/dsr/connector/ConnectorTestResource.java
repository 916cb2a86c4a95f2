package org.dsr.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.dsr.adapter.kit.testing.DataKeyStub;
import org.dsr.connector.sql.PagilaDatabase;
import org.dsr.contracts.Topics;
import org.dsr.testsupport.TestInfrastructure;

/**
 * The connector under test: real Kafka and PostgreSQL (its own database), and a connectors file naming the processors
 * the tests reach: {@code pagila} (kind sql, the Pagila schema with generated rows), {@code vendor-x} (kind manual)
 * and {@code vendor-h} (kind http, a template of its own against a WireMock stand-in whose admin URL is
 * {@value #VENDOR_H_URL}, for the tests to set its answers). The database password is a secret file, as a deployment
 * would mount it. Data keys come from the {@link DataKeyStub} in request-service's place.
 */
public class ConnectorTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String PAGILA = "pagila";
    /** kind manual: a vendor with no API, reached by an operator (org.dsr.connector.manual). */
    public static final String VENDOR_X = "vendor-x";
    /** kind http: a vendor's API stood in by WireMock, two categories (org.dsr.connector.http). */
    public static final String VENDOR_H = "vendor-h";
    /** The configuration property with the base URL of vendor-h's stand-in (its WireMock admin API too). */
    public static final String VENDOR_H_URL = "connector-test.vendor-h.url";

    private static final String VENDOR_H_TEMPLATE = """
            vendor: Vendor H
            base-url: https://vendor-h.test
            categories:
              profile:
                ERASE:
                  find:
                    - request: GET /users?email={EMAIL}
                      ids: users[*].id
                  act: DELETE /users/{id}
              events:
                ERASE:
                  find:
                    - request: GET /events?email={EMAIL}
                      ids: events[*].id
                  act: DELETE /events/{id}
            """;

    private WireMockServer vendorH;

    @Override
    public Map<String, String> start() {
        TestInfrastructure infra = TestInfrastructure.get();
        PagilaDatabase.ensure();
        infra.createTopics(List.of(
                Topics.commands(PAGILA),
                Topics.deadLetter(Topics.commands(PAGILA)),
                Topics.commands(VENDOR_X),
                Topics.deadLetter(Topics.commands(VENDOR_X)),
                Topics.commands(VENDOR_H),
                Topics.deadLetter(Topics.commands(VENDOR_H))));
        vendorH = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        vendorH.start();
        Map<String, String> config = new HashMap<>(infra.serviceConfig("connector_test"));
        try {
            Path dir = Files.createTempDirectory("dsr-connector-test");
            Files.writeString(dir.resolve("pagila-db.password"), TestInfrastructure.DB_PASSWORD + "\n");
            Files.writeString(dir.resolve("vendor-h.token"), "tok_vendor_h\n");
            Files.writeString(dir.resolve("vendor-h.yaml"), VENDOR_H_TEMPLATE);
            Files.copy(
                    ConnectorTestResource.class.getResourceAsStream("/pagila/pagila-data-map.yaml"),
                    dir.resolve("pagila-data-map.yaml"));
            Files.writeString(dir.resolve("connectors.yaml"), """
                    processors:
                      %s:
                        kind: sql
                        settings:
                          url: %s
                          username: %s
                          password: { file: pagila-db.password }
                          data-map: pagila-data-map.yaml
                      %s:
                        kind: manual
                        settings:
                          vendor: Vendor X Ltd
                          contact: the privacy desk through the vendor's support portal
                          respond-within: P7D
                          instructions: >-
                            Ask {vendor} to act on request {requestId} ({requestType}, {jurisdiction}) for {categories}
                            by {respondBy}; give them the subject's {identifierTypes} and quote task {taskId}.
                          categories:
                            newsletter:
                              actions: [ERASE]
                              instructions: unsubscribe the person and delete the contact
                            invoices:
                              actions: [RETAIN, DEFERRED_ERASE]
                      %s:
                        kind: http
                        settings:
                          template-file: vendor-h.yaml
                          base-url: %s
                          backoff: 0.01s
                          auth: { type: bearer, token: { file: vendor-h.token } }
                    """.formatted(
                            PAGILA,
                            infra.jdbcUrl(PagilaDatabase.DATABASE),
                            TestInfrastructure.DB_USER,
                            VENDOR_X,
                            VENDOR_H,
                            vendorH.baseUrl()));
            config.put("dsr.connector.file", dir.resolve("connectors.yaml").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.putAll(DataKeyStub.get().connectorConfig(PAGILA, VENDOR_X, VENDOR_H));
        config.put("dsr.connector.pending.interval", "1s");
        config.put(VENDOR_H_URL, vendorH.baseUrl());
        return config;
    }

    @Override
    public void stop() {
        // the infrastructure is shared by every test class of the JVM; vendor-h's stand-in is this resource's own
        if (vendorH != null) {
            vendorH.stop();
        }
    }
}
