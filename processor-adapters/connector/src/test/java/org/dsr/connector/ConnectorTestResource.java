package org.dsr.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import org.dsr.connector.sql.PagilaDatabase;
import org.dsr.contracts.Topics;
import org.dsr.testsupport.TestInfrastructure;

/**
 * The connector under test: real Kafka and PostgreSQL (its own database), and a connectors file naming the processors
 * the tests reach: {@code pagila} (kind sql, the Pagila schema with generated rows). The database password is a secret
 * file, as a deployment would mount it.
 */
public class ConnectorTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String PAGILA = "pagila";
    /** kind manual: a vendor with no API, reached by an operator (org.dsr.connector.manual). */
    public static final String VENDOR_X = "vendor-x";

    @Override
    public Map<String, String> start() {
        TestInfrastructure infra = TestInfrastructure.get();
        PagilaDatabase.ensure();
        infra.createTopics(List.of(Topics.commands(PAGILA), Topics.deadLetter(Topics.commands(PAGILA)),
                Topics.commands(VENDOR_X), Topics.deadLetter(Topics.commands(VENDOR_X))));
        Map<String, String> config = new HashMap<>(infra.serviceConfig("connector_test"));
        try {
            Path dir = Files.createTempDirectory("dsr-connector-test");
            Files.writeString(dir.resolve("pagila-db.password"), TestInfrastructure.DB_PASSWORD + "\n");
            Files.copy(ConnectorTestResource.class.getResourceAsStream("/pagila/pagila-data-map.yaml"),
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
                    """.formatted(PAGILA, infra.jdbcUrl(PagilaDatabase.DATABASE), TestInfrastructure.DB_USER,
                    VENDOR_X));
            config.put("dsr.connector.file", dir.resolve("connectors.yaml").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("dsr.connector.pending.interval", "1s");
        return config;
    }

    @Override
    public void stop() {
        // the infrastructure is shared by every test class of the JVM
    }
}
