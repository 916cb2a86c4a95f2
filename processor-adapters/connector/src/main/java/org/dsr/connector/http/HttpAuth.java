package org.dsr.connector.http;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.dsr.connector.config.Settings;
import org.dsr.contracts.json.Json;

/**
 * How requests to a vendor are authenticated: {@code bearer} (token), {@code basic} (username, password),
 * {@code api-key} (header, key, optional prefix), {@code oauth2-client-credentials} (token-url, client-id,
 * client-secret, optional scope; the token is fetched and cached until shortly before it expires). Secrets come
 * only as {@code {env: NAME}} or {@code {file: PATH}}.
 */
abstract class HttpAuth {

    /** The header name and value to send. */
    abstract String[] header(HttpClient http, Duration timeout);

    /** The vendor refused the credentials: a cached token is fetched again before the next request. */
    void refused() {
    }

    static HttpAuth read(Settings auth) {
        String type = auth.string("type");
        if (type == null) {
            return null;
        }
        switch (type) {
            case "bearer" -> {
                auth.onlyFields(Set.of("type", "token"));
                String token = auth.secret("token");
                return fixed("Authorization", "Bearer " + token);
            }
            case "basic" -> {
                auth.onlyFields(Set.of("type", "username", "password"));
                String user = auth.string("username");
                String password = auth.secret("password");
                return fixed("Authorization", basic(user, password));
            }
            case "api-key" -> {
                auth.onlyFields(Set.of("type", "header", "key", "prefix"));
                String header = auth.string("header", "X-Api-Key");
                String key = auth.secret("key");
                return fixed(header, auth.string("prefix", "") + key);
            }
            case "oauth2-client-credentials" -> {
                auth.onlyFields(Set.of("type", "token-url", "client-id", "client-secret", "scope"));
                URI tokenUrl = auth.url("token-url");
                String clientId = auth.string("client-id");
                String secret = auth.secret("client-secret");
                return new ClientCredentials(tokenUrl, clientId, secret, auth.string("scope", null));
            }
            default -> {
                auth.error("type", "bearer, basic, api-key or oauth2-client-credentials");
                return null;
            }
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static HttpAuth fixed(String name, String value) {
        return new HttpAuth() {
            @Override
            String[] header(HttpClient http, Duration timeout) {
                return new String[] {name, value};
            }
        };
    }

    /** RFC 6749 section 4.4, the client authenticated with HTTP Basic. */
    static final class ClientCredentials extends HttpAuth {
        private final URI tokenUrl;
        private final String clientId;
        private final String secret;
        private final String scope;
        private String token;
        private Instant expires = Instant.MIN;

        ClientCredentials(URI tokenUrl, String clientId, String secret, String scope) {
            this.tokenUrl = tokenUrl;
            this.clientId = clientId;
            this.secret = secret;
            this.scope = scope;
        }

        @Override
        synchronized String[] header(HttpClient http, Duration timeout) {
            if (token == null || Instant.now().isAfter(expires)) {
                fetch(http, timeout);
            }
            return new String[] {"Authorization", "Bearer " + token};
        }

        @Override
        synchronized void refused() {
            token = null;
        }

        private void fetch(HttpClient http, Duration timeout) {
            String form = "grant_type=client_credentials" + (scope == null ? ""
                    : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                    .header("Authorization", basic(URLEncoder.encode(clientId, StandardCharsets.UTF_8),
                            URLEncoder.encode(secret, StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new VendorFailure(true, "the token endpoint cannot be reached (" + e.getClass().getSimpleName()
                        + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VendorFailure(true, "interrupted while fetching a token");
            }
            if (response.statusCode() != 200) {
                throw new VendorFailure(response.statusCode() >= 500, "the token endpoint answered "
                        + response.statusCode());
            }
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(response.body());
            } catch (java.io.IOException e) {
                throw new VendorFailure(false, "the token endpoint answered malformed JSON");
            }
            String access = body.path("access_token").asText("");
            if (access.isEmpty()) {
                throw new VendorFailure(false, "the token endpoint answered no access_token");
            }
            token = access;
            long seconds = body.path("expires_in").asLong(300);
            expires = Instant.now().plusSeconds(Math.max(0, seconds - 30));
        }
    }
}
