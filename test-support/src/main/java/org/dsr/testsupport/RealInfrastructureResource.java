package org.dsr.testsupport;

import java.util.List;
import java.util.Map;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker and its own database on a real PostgreSQL. Init args:
 * {@code database} names the database (default: the service's name); {@code processors} (comma-separated) names the
 * processors whose command topics the test needs (the processors are configuration, so no topic exists for one by
 * default); {@code kafka=false} starts no broker for a service that has no business with Kafka (a processor's own
 * system): PostgreSQL only, and {@code kafka.bootstrap.servers} is {@link TestInfrastructure#NO_KAFKA}, a port nothing
 * listens on, so a client the service still made would fail rather than find some broker. The service reaches the
 * broker as its own Kafka principal: {@code principal} names it, by default the one named like the application
 * ({@link TestInfrastructure#principalOfThisApplication()}).
 */
public class RealInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private String database = "service_test";
    private List<String> processors = List.of();
    private boolean kafka = true;
    private String principal;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        String named = initArgs.getOrDefault("processors", "");
        processors = named.isBlank() ? List.of() : List.of(named.split("\\s*,\\s*"));
        kafka = !"false".equals(initArgs.getOrDefault("kafka", "true"));
        principal = initArgs.get("principal");
        if (!kafka && !processors.isEmpty()) {
            throw new IllegalArgumentException("command topics (processors) need Kafka: drop kafka=false or them");
        }
    }

    @Override
    public Map<String, String> start() {
        if (!kafka) {
            return TestInfrastructure.withoutKafka().serviceConfig(database);
        }
        TestInfrastructure.get().createProcessorTopics(processors());
        return TestInfrastructure.get()
                .serviceConfig(
                        database, principal == null ? TestInfrastructure.principalOfThisApplication() : principal);
    }

    /** The processors whose command topics are created before the service starts. */
    protected List<String> processors() {
        return processors;
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; stopped at JVM exit
    }
}
