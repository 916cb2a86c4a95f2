package org.dsr.adapter.kit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.crypto.IdentifierCipher;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.json.Json;
import org.dsr.kit.inbox.DependencyUnavailableException;

/**
 * Fetches a request's data key from request-service's internal endpoint ({@code POST /internal/v1/data-keys/{keyId}}
 * with the orchestrator-signed command that routes this processor to the request, role dsr-adapter, a token naming
 * the processor in {@code dsr_processors}; every fetch audited there), or a batch of commands' keys in one call.
 * Nothing is cached: a key lives only for the commands that need it.
 * <p>
 * Settings ({@link DataKeysConfig}): {@code dsr.data-keys.url} (request-service's base URL), {@code dsr.data-keys.timeout}, and how the
 * adapter gets its short-lived dsr-adapter token: {@code dsr.data-keys.token-url}, {@code dsr.data-keys.client-id} and
 * {@code dsr.data-keys.client-secret-file} (the OAuth2 client-credentials grant at the identity provider, the token
 * cached until shortly before it expires: {@link ClientCredentialsToken}), or a token obtained elsewhere in
 * {@code dsr.data-keys.token} or {@code dsr.data-keys.token-file} (request-service refuses one that lives longer than
 * its {@code dsr.adapter-tokens.max-lifetime}). Built only into the connector
 * ({@code adapter-kit.command-path=connector}).
 * <p>
 * The calls go through the Quarkus REST client's JAX-RS client ({@link HttpClients}: connect and read timeouts of
 * {@code dsr.data-keys.timeout}, redirects not followed), whose answer arrives on a Vert.x thread: nothing here
 * blocks the event loop the caller runs on.
 */
@IfBuildProperty(name = "adapter-kit.command-path", stringValue = "connector")
@ApplicationScoped
@io.quarkus.arc.Unremovable
public class DataKeyClient {

    /** Key ids of per-request data keys: the only keys a command's identifiers may be under. */
    public static final String DATA_KEY_PREFIX = "dk-";

    private final URI base;
    private final Optional<String> token;
    private final Optional<String> tokenFile;
    private final Client http;
    private final Optional<ClientCredentialsToken> clientCredentials;

    @Inject
    public DataKeyClient(DataKeysConfig config) {
        this(
                config.url(),
                config.token(),
                config.tokenFile(),
                config.timeout(),
                config.tokenUrl(),
                config.clientId(),
                config.clientSecretFile());
    }

    public DataKeyClient(
            String url,
            Optional<String> token,
            Optional<String> tokenFile,
            Duration timeout,
            Optional<String> tokenUrl,
            Optional<String> clientId,
            Optional<String> clientSecretFile) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.token = token.filter(t -> !t.isBlank());
        this.tokenFile = tokenFile.filter(t -> !t.isBlank());
        this.http = HttpClients.client(timeout);
        this.clientCredentials = tokenUrl.filter(u -> !u.isBlank())
                .map(u -> new ClientCredentialsToken(
                        http,
                        URI.create(u),
                        clientId.filter(c -> !c.isBlank())
                                .orElseThrow(() -> new IllegalStateException(
                                        "dsr.data-keys.token-url needs dsr.data-keys.client-id")),
                        secretFile(Path.of(clientSecretFile
                                .filter(f -> !f.isBlank())
                                .orElseThrow(() -> new IllegalStateException(
                                        "dsr.data-keys.token-url needs dsr.data-keys.client-secret-file")))),
                        Optional.empty(),
                        Optional.empty(),
                        java.time.Clock.systemUTC()));
    }

    /** The client secret, read from its file at each token fetch: a rotated secret needs no restart. */
    private static java.util.function.Supplier<String> secretFile(Path file) {
        return () -> {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read dsr.data-keys.client-secret-file");
            }
        };
    }

    public static boolean isDataKey(String keyId) {
        return keyId != null && keyId.startsWith(DATA_KEY_PREFIX);
    }

    /**
     * @throws KeyDestroyedException when the key was destroyed (the request was shredded) or never existed: retrying
     *         cannot help
     * @throws IllegalStateException when request-service cannot be reached or refuses the token: worth retrying
     */
    public Uni<SecretKey> fetch(ProcessorCommandV1 command) {
        String keyId = command.subject().identifiers().keyId();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("command", Json.tree(command));
        // asynchronous: the caller runs on an event loop and must not wait on the network
        return bearer().chain(bearer -> post(
                        base.resolve("internal/v1/data-keys/" + URLEncoder.encode(keyId, StandardCharsets.UTF_8)),
                        bearer,
                        body.toString()))
                .map(this::refusedToken)
                .map(DataKeyClient::keyOf);
    }

    /**
     * The data keys of several commands in one call ({@code POST /internal/v1/data-keys} with the signed commands,
     * each key audited there as a single fetch is): what a batch of commands needs. A destroyed or unknown key is
     * absent from the map.
     *
     * @param commands signed commands, each with a data key of its own ({@code dk-...}), no key twice
     * @throws IllegalStateException when request-service cannot be reached or refuses: worth retrying
     */
    public Uni<Map<String, SecretKey>> fetchAll(Collection<ProcessorCommandV1> commands) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("commands");
        commands.forEach(command -> list.add(Json.tree(command)));
        return bearer().chain(bearer -> post(base.resolve("internal/v1/data-keys"), bearer, body.toString()))
                .map(this::refusedToken)
                .map(DataKeyClient::keysOf);
    }

    /** What request-service answered: the status and the body as text. */
    private record Answer(int status, String body) {}

    /** POSTs the JSON body; no answer at all fails the Uni with a {@link DependencyUnavailableException}. */
    private Uni<Answer> post(URI uri, String bearer, String json) {
        return Uni.createFrom()
                .completionStage(() -> http.target(uri)
                        .request()
                        .header("Authorization", "Bearer " + bearer)
                        .header("Accept", "application/json")
                        .rx()
                        .post(Entity.entity(json, "application/json")))
                .onFailure()
                .transform(e ->
                        new DependencyUnavailableException("data key service unreachable: " + HttpClients.cause(e)))
                .map(DataKeyClient::answer);
    }

    private static Answer answer(Response response) {
        try (response) {
            return new Answer(response.getStatus(), response.hasEntity() ? response.readEntity(String.class) : "");
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException(
                    "data key service answered unreadably: " + e.getClass().getSimpleName());
        }
    }

    /** A 401 means the token was refused (expired, revoked): the next fetch gets a new one. */
    private Answer refusedToken(Answer response) {
        if (response.status() == 401) {
            clientCredentials.ifPresent(ClientCredentialsToken::refused);
        }
        return response;
    }

    private static Map<String, SecretKey> keysOf(Answer response) {
        if (response.status() == 403) {
            // one command of the batch was refused and so was the batch: each command asks alone and learns its own
            // answer (granted, or refused with the reason)
            return Map.of();
        }
        if (response.status() != 200) {
            throw response.status() >= 500
                    ? new DependencyUnavailableException("data key service answered " + response.status())
                    : new IllegalStateException("data key service answered " + response.status());
        }
        Map<String, SecretKey> keys = new HashMap<>();
        try {
            for (JsonNode key : Json.MAPPER.readTree(response.body()).path("keys")) {
                byte[] raw = Base64.getDecoder().decode(key.path("key").asText());
                try {
                    keys.put(key.path("keyId").asText(), IdentifierCipher.key(raw));
                } finally {
                    java.util.Arrays.fill(raw, (byte) 0);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("data key service answered an unreadable key");
        }
        return keys;
    }

    private static SecretKey keyOf(Answer response) {
        int status = response.status();
        if (status == 404 || status == 410) {
            throw new KeyDestroyedException(status == 410 ? "data key destroyed" : "data key unknown");
        }
        if (status == 403) {
            throw new KeyRefusedException(refusalReason(response.body()));
        }
        if (status != 200) {
            throw status >= 500
                    ? new DependencyUnavailableException("data key service answered " + status)
                    : new IllegalStateException("data key service answered " + status);
        }
        try {
            JsonNode body = Json.MAPPER.readTree(response.body());
            byte[] raw = Base64.getDecoder().decode(body.path("key").asText());
            try {
                return IdentifierCipher.key(raw);
            } finally {
                java.util.Arrays.fill(raw, (byte) 0);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("data key service answered an unreadable key");
        }
    }

    private Uni<String> bearer() {
        if (clientCredentials.isPresent()) {
            return clientCredentials
                    .get()
                    .token()
                    .onFailure(ClientCredentialsToken.Failure.class)
                    .transform(e -> ((ClientCredentialsToken.Failure) e).retryable()
                            ? new DependencyUnavailableException(e.getMessage())
                            : new IllegalStateException(e.getMessage()));
        }
        if (token.isPresent()) {
            return Uni.createFrom().item(token.get().strip());
        }
        if (tokenFile.isPresent()) {
            try {
                return Uni.createFrom()
                        .item(Files.readString(Path.of(tokenFile.get())).strip());
            } catch (IOException e) {
                return Uni.createFrom().failure(new IllegalStateException("cannot read dsr.data-keys.token-file"));
            }
        }
        return Uni.createFrom()
                .failure(
                        new IllegalStateException(
                                "no dsr-adapter token configured"
                                        + " (dsr.data-keys.token-url, client-id and client-secret-file; or dsr.data-keys.token or token-file)"));
    }

    /** The key is gone for good: the command cannot be decrypted now or later. */
    public static class KeyDestroyedException extends RuntimeException {
        public KeyDestroyedException(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * request-service refused the key for this command (the command is not one the orchestrator signed for this key,
     * or the token does not name its processor): asking again with the same command and token cannot help.
     */
    public static class KeyRefusedException extends KeyDestroyedException {
        public KeyRefusedException(String reason) {
            super(reason);
        }
    }

    /** The refusal's problem detail (request-service's reasons name no person), plain and short. */
    static String refusalReason(String body) {
        String detail;
        try {
            detail = Json.MAPPER.readTree(body).path("detail").asText("");
        } catch (IOException | RuntimeException e) {
            detail = "";
        }
        detail = detail.replaceAll("[^A-Za-z0-9 .,:'()/_-]", "?");
        detail = detail.length() <= 200 ? detail : detail.substring(0, 200) + "...";
        return detail.isEmpty() ? "data key refused" : "data key refused: " + detail;
    }
}
