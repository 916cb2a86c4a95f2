package org.dsr.connector.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import jakarta.ws.rs.client.Client;
import org.dsr.adapter.kit.ClientCredentialsToken;
import org.dsr.connector.config.Settings;

/**
 * How requests to a vendor are authenticated: {@code bearer} (token), {@code basic} (username, password),
 * {@code api-key} (header, key, optional prefix), {@code oauth2-client-credentials} (token-url, client-id,
 * client-secret, optional scope; the token is fetched and cached until shortly before it expires). Secrets come
 * only as {@code {env: NAME}} or {@code {file: PATH}}.
 */
abstract class HttpAuth {

    /** The header name and value to send. */
    abstract String[] header(Client http, Duration timeout);

    /** The vendor refused the credentials: a cached token is fetched again before the next request. */
    void refused() {}

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
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpAuth fixed(String name, String value) {
        return new HttpAuth() {
            @Override
            String[] header(Client http, Duration timeout) {
                return new String[] {name, value};
            }
        };
    }

    /**
     * RFC 6749 section 4.4, the client authenticated with HTTP Basic: adapter-kit's {@link ClientCredentialsToken}
     * (the one implementation of the grant, also the connector's data-key token), over the vendor's client. A token
     * whose {@code expires_in} is absent is taken to live five minutes.
     */
    static final class ClientCredentials extends HttpAuth {
        private static final Duration LIFETIME_WHEN_UNSAID = Duration.ofSeconds(300);

        private final URI tokenUrl;
        private final String clientId;
        private final String secret;
        private final String scope;
        private ClientCredentialsToken token;

        ClientCredentials(URI tokenUrl, String clientId, String secret, String scope) {
            this.tokenUrl = tokenUrl;
            this.clientId = clientId;
            this.secret = secret;
            this.scope = scope;
        }

        /** Blocking: the vendor client runs on a worker thread. */
        @Override
        String[] header(Client http, Duration timeout) {
            ClientCredentialsToken of;
            synchronized (this) {
                if (token == null) {
                    token = new ClientCredentialsToken(
                            http,
                            tokenUrl,
                            clientId,
                            () -> secret,
                            Optional.ofNullable(scope),
                            Optional.of(LIFETIME_WHEN_UNSAID),
                            Clock.systemUTC());
                }
                of = token;
            }
            try {
                // connect and read timeouts bound the fetch; the wait here only keeps a lost answer from hanging
                return new String[] {
                    "Authorization",
                    "Bearer "
                            + of.token().await().atMost(timeout.multipliedBy(2).plusSeconds(1))
                };
            } catch (ClientCredentialsToken.Failure f) {
                throw new VendorFailure(f.retryable(), f.getMessage());
            } catch (io.smallrye.mutiny.TimeoutException e) {
                throw new VendorFailure(true, "the token endpoint cannot be reached (TimeoutException)");
            }
        }

        @Override
        synchronized void refused() {
            if (token != null) {
                token.refused();
            }
        }
    }
}
