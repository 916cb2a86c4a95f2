package org.dsr.adapter.kit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The walking skeleton's shared identifier key ({@code dsr.legacy-identifier-key.*}): off, so the connector decrypts
 * only with per-request data keys and never reads or creates {@code identifier-encryption.key}; a command encrypted
 * under any other key is poison. The connector's own tests still encrypt their commands with it.
 */
@ConfigMapping(prefix = "dsr.legacy-identifier-key")
public interface LegacyIdentifierKeyConfig {

    @WithDefault("false")
    boolean enabled();
}
