package org.dsr.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker and its own database on a real PostgreSQL. Init arg
 * {@code database} names the database (default: the service's name).
 */
public class RealInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private String database = "service_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        return TestInfrastructure.get().serviceConfig(database);
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; stopped at JVM exit
    }
}
