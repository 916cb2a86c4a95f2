package org.dsr.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * processor a request reaches; the connectors file names those the connector reaches. The sample processors
 * (sample-processors/) run only as their own systems; the connector answers for all four.
 */
final class StackProcessors {

    static final String POLICY = "erasure-orchestrator/src/main/resources/policy.yaml";
    static final String CONNECTORS_TEMPLATE = "/local-stack/connectors.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private StackProcessors() {}

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
     * Writes the connector's file under the state directory, with the stack's PostgreSQL, this checkout and the
     * services' URLs ({@code ${url:NAME}}) filled in, the database password as a secret file beside it, and each
     * hosted processor's API key ({@link #apiKeyFile}).
     */
    static Path writeConnectorsFile(StackConfig config) {
        Path dir = connectorDir(config);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("postgres.password"), "postgres\n");
            for (String processor : ofConnector()) {
                apiKeyFile(config, processor);
            }
            String text = template()
                    .replace("${postgres}", "postgresql://127.0.0.1:" + config.postgresPort())
                    .replace("${repo}", config.repoRoot().toString());
            for (ServiceSpec service : config.services()) {
                text = text.replace("${url:" + service.name() + "}", config.serviceUrl(service.name()));
            }
            Path file = dir.resolve("connectors.yaml");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the connectors file in " + dir, e);
        }
    }

    /**
     * The secret a processor's own system and the connector share when the connector reaches it over HTTP
     * ({@code <processor>.api-key} beside the connectors file): made once, 32 random bytes, base64url. The system
     * reads it from the file named by {@code PRIVACY_API_KEY_FILE}; the connectors file names it as {@code {file:}}.
     */
    static Path apiKeyFile(StackConfig config, String processor) {
        Path file = connectorDir(config).resolve(processor + ".api-key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                Files.writeString(
                        file, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The key a processor's own system asks its own clients for (sign-in, uploads, sends, imports, reminders:
     * {@code X-Api-Key}), {@code platform/<processor>.api-key} under the state directory: another secret than the one
     * it shares with the connector, which has no business calling those endpoints. Made once, owner-only from its
     * first byte in an owner-only directory, 32 random bytes, base64url. The system reads it from the file named by
     * {@code PLATFORM_API_KEY_FILE}.
     */
    static Path platformApiKeyFile(StackConfig config, String processor) {
        Path dir = config.baseDir().resolve("platform");
        Path file = dir.resolve(processor + ".api-key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                Path temp = Files.createTempFile(
                        dir,
                        processor,
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(
                        temp, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n");
                Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Path connectorDir(StackConfig config) {
        return config.baseDir().resolve("connector");
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

    private static List<String> names(
            String yaml, java.util.function.Function<JsonNode, JsonNode> at, boolean listOfNamed) {
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
