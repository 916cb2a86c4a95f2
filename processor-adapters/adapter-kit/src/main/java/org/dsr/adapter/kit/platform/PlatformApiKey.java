package org.dsr.adapter.kit.platform;

import java.nio.file.Path;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.runtime.Startup;

/**
 * The key of a sample processor's own API, read once at start from {@code platform-api.key-file} and checked as
 * {@link ApiKeyCheck} does. None configured leaves the API closed (503): the endpoints act on people's data and are
 * never anonymous.
 */
@Startup
@ApplicationScoped
public class PlatformApiKey {

    public static final String HEADER = ApiKeyCheck.HEADER;

    private final ApiKeyCheck check;

    @Inject
    public PlatformApiKey(PlatformApiConfig config) {
        this(config.keyFile());
    }

    public PlatformApiKey(Optional<Path> keyFile) {
        this.check = new ApiKeyCheck(
                keyFile,
                "platform-api.key-file",
                "platform-api-not-configured",
                "the platform API has no key configured (platform-api.key-file)");
    }

    /** Passes with the right key; otherwise a problem: 503 when no key is configured, 401 for a wrong or no key. */
    public void check(String presented) {
        check.check(presented);
    }
}
