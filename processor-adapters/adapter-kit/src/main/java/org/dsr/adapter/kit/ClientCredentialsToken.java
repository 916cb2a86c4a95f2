package org.dsr.adapter.kit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import org.dsr.contracts.json.Json;
import org.dsr.kit.inbox.DependencyUnavailableException;

/**
 * The adapter's short-lived bearer token, obtained with the OAuth2 client-credentials grant (RFC 6749 §4.4, the
 * client authenticated with HTTP Basic) from the identity provider's token endpoint, kept until shortly before it
 * expires, fetched again then or when request-service refuses it. The client secret is read from its file at each
 * fetch, so a rotated secret needs no restart. Nothing is written to disk.
 */
final class ClientCredentialsToken {

    private record Cached(String token, Instant renewAt) {
    }

    private final URI tokenUrl;
    private final String clientId;
    private final Path secretFile;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private volatile Cached cached;

    ClientCredentialsToken(URI tokenUrl, String clientId, Path secretFile, HttpClient http, Duration timeout,
            Clock clock) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.secretFile = secretFile;
        this.http = http;
        this.timeout = timeout;
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

    Uni<String> token() {
        Cached now = cached;
        if (now != null && clock.instant().isBefore(now.renewAt())) {
            return Uni.createFrom().item(now.token());
        }
        HttpRequest request;
        try {
            String secret = Files.readString(secretFile).strip();
            String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                    + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            request = HttpRequest.newBuilder(tokenUrl).timeout(timeout).header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        } catch (IOException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot read dsr.data-keys.client-secret-file"));
        }
        Instant fetchedAt = clock.instant();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .onFailure().transform(e -> new DependencyUnavailableException("token endpoint unreachable: "
                        + e.getClass().getSimpleName()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw response.statusCode() >= 500
                                ? new DependencyUnavailableException("token endpoint answered " + response.statusCode())
                                : new IllegalStateException("token endpoint answered " + response.statusCode());
                    }
                    try {
                        JsonNode body = Json.MAPPER.readTree(response.body());
                        String token = body.path("access_token").asText("");
                        long expiresIn = body.path("expires_in").asLong(0);
                        if (token.isBlank() || expiresIn <= 0) {
                            throw new IllegalStateException("token endpoint answered no token or no expires_in");
                        }
                        cached = new Cached(token, renewAt(fetchedAt, expiresIn));
                        return token;
                    } catch (IOException e) {
                        throw new IllegalStateException("token endpoint answered malformed JSON");
                    }
                });
    }

    /** Request-service refused the token: the next call fetches a new one. */
    void refused() {
        cached = null;
    }
}
