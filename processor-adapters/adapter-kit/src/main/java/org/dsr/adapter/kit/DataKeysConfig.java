package org.dsr.adapter.kit;

import java.time.Duration;
import java.util.Optional;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where and how the connector fetches data keys ({@code dsr.data-keys.*}, read by {@link DataKeyClient}). */
@ConfigMapping(prefix = "dsr.data-keys")
public interface DataKeysConfig {

    /** request-service's base URL. */
    @WithDefault("http://127.0.0.1:8080")
    String url();

    /** A dsr-adapter token obtained elsewhere. */
    Optional<String> token();

    /** A file holding a dsr-adapter token obtained elsewhere. */
    Optional<String> tokenFile();

    @WithDefault("PT5S")
    Duration timeout();

    /** The identity provider's token endpoint for the client-credentials grant. */
    Optional<String> tokenUrl();

    Optional<String> clientId();

    Optional<String> clientSecretFile();
}
