package org.dsr.adapter.email.privacyapi;

import java.nio.file.Path;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.runtime.Startup;
import org.dsr.adapter.kit.platform.ApiKeyCheck;

/**
 * The privacy API's key, read once at start from {@code email-platform.privacy-api.key-file} and checked as
 * {@link ApiKeyCheck} does; no key file configured leaves the API answering 503. A key of its own, not the platform
 * API's: the connector that erases cannot sign anyone in, and a platform client cannot erase.
 */
@Startup
@ApplicationScoped
public class PrivacyApiKey {

    private final ApiKeyCheck check;

    @Inject
    public PrivacyApiKey(EmailPlatformConfig config) {
        this(config.privacyApi().keyFile());
    }

    PrivacyApiKey(Optional<Path> keyFile) {
        this.check = new ApiKeyCheck(
                keyFile,
                "email-platform.privacy-api.key-file",
                "privacy-api-not-configured",
                "privacy API not configured");
    }

    /** Passes with the right key; otherwise a problem: 503 when no key is configured, 401 for a wrong or no key. */
    public void check(String presented) {
        check.check(presented);
    }
}
