package org.dsr.adapter.kit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.json.Json;

/**
 * A short-lived bearer token obtained with the OAuth2 client-credentials grant (RFC 6749 §4.4, the client
 * authenticated with HTTP Basic, its id and secret form-encoded first as §2.3.1 says), kept until shortly before it
 * expires ({@link #renewAt}), fetched again then or when the API it is for refuses it ({@link #refused}). One fetch at
 * a time: callers that need a token while one is being fetched wait for that one. Nothing is written to disk.
 * <p>
 * The one implementation of the grant: the connector's data-key token ({@link DataKeyClient}, the secret read from its
 * file at each fetch so a rotated secret needs no restart) and the {@code oauth2-client-credentials} auth of the
 * connector's {@code http} kind (the secret from the connectors file, an optional scope). The request goes through
 * the caller's {@link HttpClients} client; the answer arrives on that client's threads, so {@link #token} never
 * blocks.
 */
public final class ClientCredentialsToken {

    /**
     * The token endpoint gave no token: {@code retryable} when it could not be reached or answered 5xx, not when it
     * refused the client or answered something that is not a token. The message names the status, never the secret.
     */
    public static final class Failure extends RuntimeException {
        private final boolean retryable;

        Failure(boolean retryable, String reason) {
            super(reason, null, false, false);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private record Cached(String token, Instant renewAt) {}

    private final Client http;
    private final URI tokenUrl;
    private final String clientId;
    private final Supplier<String> secret;
    private final Optional<String> scope;
    private final Optional<Duration> lifetimeWhenUnsaid;
    private final Clock clock;
    private volatile Cached cached;
    private Uni<String> fetching;

    /**
     * @param secret             the client secret, read at each fetch (it may throw: the fetch fails with that)
     * @param scope              the {@code scope} parameter to ask for, if any
     * @param lifetimeWhenUnsaid how long a token lives when the endpoint answers no positive {@code expires_in}
     *                           (RFC 6749 only recommends it); empty: such an answer is refused
     */
    public ClientCredentialsToken(
            Client http,
            URI tokenUrl,
            String clientId,
            Supplier<String> secret,
            Optional<String> scope,
            Optional<Duration> lifetimeWhenUnsaid,
            Clock clock) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.secret = secret;
        this.scope = scope;
        this.lifetimeWhenUnsaid = lifetimeWhenUnsaid;
        this.clock = clock;
    }

    /**
     * When a token fetched at {@code fetchedAt} that lives {@code expiresIn} seconds is fetched again: a fifth of its
     * life early, at most 30 seconds, so a request never leaves with a token about to expire.
     */
    static Instant renewAt(Instant fetchedAt, long expiresIn) {
        long margin = Math.min(30, expiresIn / 5);
        return fetchedAt.plusSeconds(Math.max(0, expiresIn - margin));
    }

    /** The token: the cached one while it is fresh, else a new one; fails with a {@link Failure}. */
    public Uni<String> token() {
        return Uni.createFrom().deferred(() -> {
            Cached now = cached;
            if (now != null && clock.instant().isBefore(now.renewAt())) {
                return Uni.createFrom().item(now.token());
            }
            synchronized (this) {
                if (fetching == null) {
                    fetching = fetch().onTermination()
                            .invoke(this::fetched)
                            .memoize()
                            .indefinitely();
                }
                return fetching;
            }
        });
    }

    private synchronized void fetched() {
        fetching = null;
    }

    /** The API refused the token (expired, revoked): the next call fetches a new one. */
    public void refused() {
        cached = null;
    }

    private Uni<String> fetch() {
        String basic;
        try {
            basic = Base64.getEncoder()
                    .encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                                    + URLEncoder.encode(secret.get(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        String form = "grant_type=client_credentials"
                + scope.map(s -> "&scope=" + URLEncoder.encode(s, StandardCharsets.UTF_8))
                        .orElse("");
        Instant fetchedAt = clock.instant();
        return Uni.createFrom()
                .completionStage(() -> http.target(tokenUrl)
                        .request()
                        .header("Authorization", "Basic " + basic)
                        .header("Accept", "application/json")
                        .rx()
                        .post(Entity.entity(form, "application/x-www-form-urlencoded")))
                .onFailure()
                .transform(
                        e -> new Failure(true, "the token endpoint cannot be reached (" + HttpClients.cause(e) + ")"))
                .map(response -> read(response, fetchedAt));
    }

    private String read(Response response, Instant fetchedAt) {
        int status = response.getStatus();
        byte[] raw;
        try (response) {
            raw = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
        }
        if (status != 200) {
            throw new Failure(status >= 500, "the token endpoint answered " + status);
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new Failure(false, "the token endpoint answered malformed JSON");
        }
        String token = body == null ? "" : body.path("access_token").asText("");
        if (token.isBlank()) {
            throw new Failure(false, "the token endpoint answered no access_token");
        }
        long expiresIn = body.path("expires_in").asLong(0);
        if (expiresIn <= 0) {
            if (lifetimeWhenUnsaid.isEmpty()) {
                throw new Failure(false, "the token endpoint answered no expires_in");
            }
            expiresIn = body.has("expires_in") ? 0 : lifetimeWhenUnsaid.get().toSeconds();
        }
        cached = new Cached(token, renewAt(fetchedAt, expiresIn));
        return token;
    }
}
