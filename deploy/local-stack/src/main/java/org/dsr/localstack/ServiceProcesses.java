package org.dsr.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dsr.localstack.LocalStack.StackException;

/**
 * The eight Quarkus services (and any second instance a test adds to the config) as detached JVMs: started all at
 * once with their {@link ServiceEnvironment}, the connector in a second wave; ready when {@code GET /q/health/ready}
 * answers 200.
 */
final class ServiceProcesses {

    /** JVM options for every service, after the defaults (so they win), e.g. to try JIT or GC settings. */
    static final String SERVICE_JAVA_OPTS = "DSR_SERVICE_JAVA_OPTS";

    private final StackConfig config;
    private final DetachedProcesses processes;
    private final StackKeys keys;
    private final ServiceEnvironment environment;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    ServiceProcesses(StackConfig config, DetachedProcesses processes, StackKeys keys, ServiceEnvironment environment) {
        this.config = config;
        this.processes = processes;
        this.keys = keys;
        this.environment = environment;
    }

    /** Fails, naming them, if any of the named services' jars is not built; an unknown name fails too. */
    void requireJars(Collection<String> names) {
        List<String> missing = names.stream()
                .map(config::service)
                .map(s -> config.repoRoot().resolve(s.jarPath()))
                .filter(jar -> !Files.isRegularFile(jar))
                .map(Path::toString)
                .toList();
        if (!missing.isEmpty()) {
            throw new StackException("service jars missing (build them first: ./mvnw package -DskipTests in "
                    + config.repoRoot() + "):\n  " + String.join("\n  ", missing));
        }
    }

    /**
     * Starts the named services that are not running, all at once, and waits until all are ready; the connector last,
     * once the sample processors' own systems have migrated the stores it checks its data maps against.
     */
    void start(Collection<String> names) {
        List<ServiceSpec> specs = names.stream().map(config::service).toList();
        if (specs.isEmpty()) {
            return;
        }
        keys.ensure();
        List<ServiceSpec> first = specs.stream()
                .filter(s -> !s.name().equals(ServiceSpec.CONNECTOR))
                .toList();
        List<ServiceSpec> last = specs.stream()
                .filter(s -> s.name().equals(ServiceSpec.CONNECTOR))
                .toList();
        for (List<ServiceSpec> wave : List.of(first, last)) {
            for (ServiceSpec s : wave) {
                if (!processes.isRunning(s.name())) {
                    spawn(s);
                }
            }
            awaitReady(wave.stream().map(ServiceSpec::name).toList(), config.serviceReadyTimeout());
        }
    }

    /** Whether {@code GET /q/health/ready} answers 200. */
    boolean isReady(ServiceSpec s) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(config.serviceUrl(s.name()) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until all named services answer ready, failing early if one of their processes dies. */
    void awaitReady(Collection<String> names, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Set<String> pending = new LinkedHashSet<>(names);
        while (true) {
            for (var it = pending.iterator(); it.hasNext(); ) {
                String name = it.next();
                if (!processes.isRunning(name)) {
                    throw new StackException("service " + name + " exited while starting; last lines of "
                            + config.logFile(name) + ":\n" + StackFiles.tail(config.logFile(name), 30));
                }
                if (isReady(config.service(name))) {
                    it.remove();
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                StringBuilder msg =
                        new StringBuilder("services not ready after " + timeout.toSeconds() + " s: " + pending);
                for (String name : pending) {
                    msg.append("\n--- last 30 lines of ")
                            .append(config.logFile(name))
                            .append(" ---\n")
                            .append(StackFiles.tail(config.logFile(name), 30));
                }
                throw new StackException(msg.toString());
            }
            DetachedProcesses.sleep(500);
        }
    }

    private void spawn(ServiceSpec s) {
        Path jar = config.repoRoot().resolve(s.jarPath());
        if (!Files.isRegularFile(jar)) {
            throw new StackException("service " + s.name() + ": " + jar + " missing; build it first (./mvnw package "
                    + "-DskipTests in " + config.repoRoot() + ")");
        }
        // The whole heap from the start: with -Xms128m the serial collector never grew the orchestrator's heap (over
        // 40 % free after each full collection) and ran 88 full collections in a 20,000-request backlog
        // (docs/performance.md)
        List<String> cmd =
                new ArrayList<>(List.of(DetachedProcesses.javaBin(), "-Xms384m", "-Xmx384m", "-XX:+UseSerialGC"));
        cmd.addAll(extraJvmOptions(System.getenv(SERVICE_JAVA_OPTS)));
        cmd.addAll(List.of("-jar", jar.toString()));
        processes.spawn(s.name(), cmd, environment.of(s), "java");
    }

    /** The JVM options of {@link #SERVICE_JAVA_OPTS}: split on whitespace, none when unset or blank. */
    static List<String> extraJvmOptions(String value) {
        return value == null || value.isBlank()
                ? List.of()
                : List.of(value.trim().split("\\s+"));
    }
}
