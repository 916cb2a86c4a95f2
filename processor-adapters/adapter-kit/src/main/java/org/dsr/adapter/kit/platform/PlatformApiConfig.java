package org.dsr.adapter.kit.platform;

import java.nio.file.Path;
import java.util.Optional;
import io.smallrye.config.ConfigMapping;

/**
 * A sample processor's own API (sign-in, uploads, sends, imports, reminders), under {@code platform-api.*}: the
 * platform's, not the DSR system's.
 */
@ConfigMapping(prefix = "platform-api")
public interface PlatformApiConfig {

    /**
     * The file holding the key the platform's own clients present in {@code X-Api-Key} (its first line, surrounding
     * whitespace ignored, at least 32 characters). Unset: the platform's own API answers 503.
     */
    Optional<Path> keyFile();
}
