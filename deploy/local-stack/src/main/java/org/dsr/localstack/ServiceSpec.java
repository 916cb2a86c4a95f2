package org.dsr.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * One Quarkus service of the stack.
 *
 * @param name      the service name, also its instance id, log file and pid file name
 * @param jarPath   the runnable jar, relative to the repository root
 * @param port      the HTTP port
 * @param database  the PostgreSQL database the service owns; {@code null} for one without (the witness)
 * @param isSampleProcessor whether it is a sample processor's own system (gets sample data; the connector answers for
 *                          it)
 */
public record ServiceSpec(String name, Path jarPath, int port, String database, boolean isSampleProcessor) {

    public static final String REQUEST_SERVICE = "request-service";
    public static final String ERASURE_ORCHESTRATOR = "erasure-orchestrator";
    /** Reaches the processors of its connectors file; started once the sample processors' stores are migrated. */
    public static final String CONNECTOR = "connector";
    /**
     * Cosigns the completion log's checkpoints (docs/witness.md): its own key and state directory, no database, no
     * broker; in production another party runs it.
     */
    public static final String WITNESS = "witness";

    /** The eight services with their default ports, in start order. */
    public static final List<ServiceSpec> DEFAULTS = List.of(
            new ServiceSpec(
                    REQUEST_SERVICE,
                    Path.of("request-service/target/quarkus-app/quarkus-run.jar"),
                    8080,
                    "request_service",
                    false),
            new ServiceSpec(
                    ERASURE_ORCHESTRATOR,
                    Path.of("erasure-orchestrator/target/quarkus-app/quarkus-run.jar"),
                    8081,
                    "erasure_orchestrator",
                    false),
            new ServiceSpec(
                    "hosting",
                    Path.of("sample-processors/hosting/target/quarkus-app/quarkus-run.jar"),
                    8082,
                    "hosting",
                    true),
            new ServiceSpec(
                    "email-delivery",
                    Path.of("sample-processors/email-delivery/target/quarkus-app/quarkus-run.jar"),
                    8083,
                    "email_delivery",
                    true),
            new ServiceSpec(
                    "analytics",
                    Path.of("sample-processors/analytics/target/quarkus-app/quarkus-run.jar"),
                    8084,
                    "analytics",
                    true),
            new ServiceSpec(
                    "payments",
                    Path.of("sample-processors/payments/target/quarkus-app/quarkus-run.jar"),
                    8085,
                    "payments",
                    true),
            new ServiceSpec(
                    CONNECTOR,
                    Path.of("processor-adapters/connector/target/quarkus-app/quarkus-run.jar"),
                    8086,
                    "connector",
                    false),
            new ServiceSpec(WITNESS, Path.of("witness/target/quarkus-app/quarkus-run.jar"), 8087, null, false));

    /** Whether it owns a PostgreSQL database (every service but the witness). */
    public boolean hasDatabase() {
        return database != null;
    }

    public ServiceSpec withPort(int newPort) {
        return new ServiceSpec(name, jarPath, newPort, database, isSampleProcessor);
    }
}
