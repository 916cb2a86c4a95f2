package org.dsr.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * One Quarkus service of the stack.
 *
 * @param name      the service name, also its instance id, log file and pid file name
 * @param jarPath   the runnable jar, relative to the repository root
 * @param port      the HTTP port
 * @param database  the PostgreSQL database the service owns
 * @param isAdapter whether it is a processor adapter (gets sample data)
 */
public record ServiceSpec(String name, Path jarPath, int port, String database, boolean isAdapter) {

    public static final String REQUEST_SERVICE = "request-service";
    public static final String ERASURE_ORCHESTRATOR = "erasure-orchestrator";
    /** Reaches the processors of its connectors file; started once the adapters' stores are migrated. */
    public static final String CONNECTOR = "connector";

    /** The seven services with their default ports, in start order. */
    public static final List<ServiceSpec> DEFAULTS = List.of(
            new ServiceSpec(REQUEST_SERVICE, Path.of("request-service/target/quarkus-app/quarkus-run.jar"), 8080, "request_service", false),
            new ServiceSpec(ERASURE_ORCHESTRATOR, Path.of("erasure-orchestrator/target/quarkus-app/quarkus-run.jar"), 8081, "erasure_orchestrator", false),
            new ServiceSpec("hosting", Path.of("processor-adapters/hosting/target/quarkus-app/quarkus-run.jar"), 8082, "hosting", true),
            new ServiceSpec("email-delivery", Path.of("processor-adapters/email-delivery/target/quarkus-app/quarkus-run.jar"), 8083, "email_delivery", true),
            new ServiceSpec("analytics", Path.of("processor-adapters/analytics/target/quarkus-app/quarkus-run.jar"), 8084, "analytics", true),
            new ServiceSpec("payments", Path.of("processor-adapters/payments/target/quarkus-app/quarkus-run.jar"), 8085, "payments", true),
            new ServiceSpec(CONNECTOR, Path.of("processor-adapters/connector/target/quarkus-app/quarkus-run.jar"), 8086, "connector", false));

    public ServiceSpec withPort(int newPort) {
        return new ServiceSpec(name, jarPath, newPort, database, isAdapter);
    }
}
