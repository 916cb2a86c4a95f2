package org.dsr.request.keys;

import java.util.Optional;
import io.smallrye.config.ConfigMapping;

/** Per-request data keys, under {@code dsr.request-keys.*}. */
@ConfigMapping(prefix = "dsr.request-keys")
public interface DataKeyConfig {

    /**
     * The key-encryption key (KEK), base64 of 32 bytes. When absent, {@code data-key-kek.key} in {@code dsr.keys-dir}
     * is used (generated on first start).
     */
    Optional<String> kek();
}
