package org.dsr.adapter.email.privacyapi;

import java.nio.file.Path;
import java.util.Optional;
import io.smallrye.config.ConfigMapping;

/**
 * The mail platform's own settings, under {@code email-platform.*} (not {@code dsr.*}: those belong to the shared
 * DsrConfig mapping).
 */
@ConfigMapping(prefix = "email-platform")
public interface EmailPlatformConfig {

    PrivacyApi privacyApi();

    interface PrivacyApi {
        /**
         * The file holding the privacy API's key (its first line, surrounding whitespace ignored, at least 32
         * characters). Unset: the privacy API answers 503.
         */
        Optional<Path> keyFile();
    }
}
