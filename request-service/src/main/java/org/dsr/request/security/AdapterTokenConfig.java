package org.dsr.request.security;

import java.time.Duration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Adapters' bearer tokens, under {@code dsr.adapter-tokens.*}. */
@ConfigMapping(prefix = "dsr.adapter-tokens")
public interface AdapterTokenConfig {

    /**
     * The longest lifetime ({@code exp - iat}) a {@code dsr-adapter} token may have to fetch a data key: adapters get
     * short-lived tokens from the identity provider (client credentials) and renew them, so a copied token is
     * worth minutes, not days.
     */
    @WithDefault("PT15M")
    Duration maxLifetime();
}
