package org.dsr.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Which processors the stack has, read from configuration, never written in code: the orchestrator's policy
 * ({@code erasure-orchestrator/src/main/resources/policy.yaml}, passed to it as {@code DSR_POLICY_FILE}) names every
 * processor a request reaches; the connectors file names those the connector reaches, whose adapters then only run as
 * the processors' own systems.
 */
final class StackProcessors {

    static final String POLICY = "erasure-orchestrator/src/main/resources/policy.yaml";
    static final String CONNECTORS_TEMPLATE = "/local-stack/connectors.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private StackProcessors() {
    }

    static Path policy(StackConfig config) {
        return config.repoRoot().resolve(POLICY);
    }

    /** The processors of the policy, in its order. */
    static List<String> ofPolicy(StackConfig config) {
        return names(read(policy(config)), node -> node.path("processors"), true);
    }

    /** The processors the connector hosts. */
    static List<String> ofConnector() {
        return names(template(), node -> node.path("processors"), false);
    }

    /** Every processor with a command topic: the policy's, and any the connector hosts besides. */
    static List<String> all(StackConfig config) {
        Set<String> all = new LinkedHashSet<>(ofPolicy(config));
        all.addAll(ofConnector());
        return List.copyOf(all);
    }

    /**
     * Writes the connector's file under the state directory, with the stack's PostgreSQL and this checkout filled in,
     * and the database password as a secret file beside it.
     */
    static Path writeConnectorsFile(StackConfig config) {
        Path dir = config.baseDir().resolve("connector");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("postgres.password"), "postgres\n");
            Path file = dir.resolve("connectors.yaml");
            Files.writeString(file, template().replace("${postgres}", "postgresql://127.0.0.1:" + config.postgresPort())
                    .replace("${repo}", config.repoRoot().toString()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the connectors file in " + dir, e);
        }
    }

    private static String template() {
        try (InputStream in = StackProcessors.class.getResourceAsStream(CONNECTORS_TEMPLATE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<String> names(String yaml, java.util.function.Function<JsonNode, JsonNode> at,
            boolean listOfNamed) {
        try {
            JsonNode node = at.apply(YAML.readTree(yaml));
            List<String> names = new ArrayList<>();
            if (listOfNamed) {
                node.forEach(p -> names.add(p.path("name").asText()));
            } else {
                node.fieldNames().forEachRemaining(names::add);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("not valid YAML", e);
        }
    }
}
