package org.dsr.orchestrator.localtokens;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Local stack only ({@code dsr.local-token-endpoint.*}, set by the launcher): an OAuth2 token endpoint that issues
 * short-lived adapter tokens to the connector with the client-credentials grant, as an identity provider does in
 * production (docs/security.md "Adapter tokens").
 */
@ConfigMapping(prefix = "dsr.local-token-endpoint")
public interface LocalTokenEndpointConfig {

    /** Off unless set: production adapters get their tokens from the organisation's identity provider. */
    @WithDefault("false")
    boolean enabled();

    /** The one client it knows. */
    @WithDefault("connector")
    String clientId();

    /** Hex SHA-256 of the client's secret: the orchestrator never holds the secret itself. */
    Optional<String> clientSecretSha256();

    /** The processors the client acts for: the token's {@code dsr_processors} claim. */
    Optional<List<String>> processors();

    /** How long an issued token lives. */
    @WithDefault("PT5M")
    Duration tokenTtl();
}
