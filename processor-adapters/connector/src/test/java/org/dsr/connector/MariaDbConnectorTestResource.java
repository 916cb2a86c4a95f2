package org.dsr.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.dsr.adapter.kit.testing.DataKeyStub;
import org.dsr.connector.sql.MariaDbServer;
import org.dsr.connector.sql.PagilaMariaDb;
import org.dsr.contracts.Topics;
import org.dsr.testsupport.TestInfrastructure;

/**
 * The connector under test with one processor on MariaDB: {@code pagila-mariadb} (kind sql, url
 * {@code mariadb://127.0.0.1:<port>/pagila_test}, the connector's own user and password as a secret file, the map in
 * src/test/resources/pagila-mariadb). The connector's own bookkeeping stays on PostgreSQL, in a database of its own.
 */
public class MariaDbConnectorTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String PROCESSOR = "pagila-mariadb";
    public static final String CONNECTOR_DATABASE = "connector_mariadb_test";

    @Override
    public Map<String, String> start() {
        TestInfrastructure infra = TestInfrastructure.get();
        MariaDbServer server = PagilaMariaDb.ensure();
        infra.createTopics(List.of(Topics.commands(PROCESSOR), Topics.deadLetter(Topics.commands(PROCESSOR))));
        Map<String, String> config = new HashMap<>(infra.serviceConfig(CONNECTOR_DATABASE));
        try {
            Path dir = Files.createTempDirectory("dsr-connector-mariadb-test");
            Files.writeString(dir.resolve("shop-db.password"), MariaDbServer.PASSWORD + "\n");
            Files.copy(
                    MariaDbConnectorTestResource.class.getResourceAsStream("/pagila-mariadb/data-map.yaml"),
                    dir.resolve("data-map.yaml"));
            Files.writeString(dir.resolve("connectors.yaml"), """
                    processors:
                      %s:
                        kind: sql
                        settings:
                          url: %s
                          username: %s
                          password: { file: shop-db.password }
                          data-map: data-map.yaml
                    """.formatted(
                            PROCESSOR, server.url(PagilaMariaDb.DATABASE), MariaDbServer.USER));
            config.put("dsr.connector.file", dir.resolve("connectors.yaml").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.putAll(DataKeyStub.get().connectorConfig(PROCESSOR));
        return config;
    }

    @Override
    public void stop() {
        // the servers are shared by every test class of the JVM
    }
}
