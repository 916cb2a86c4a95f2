package org.dsr.orchestrator.console;

import java.time.Duration;
import java.util.Optional;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The web console's settings (README "Web console", docs/security.md). */
@ConfigMapping(prefix = "dsr.ui")
public interface UiConfig {

    LocalSignIn localSignIn();

    /** How many of the newest records per dead-letter topic the dead-letter view shows. */
    @WithDefault("50")
    int deadLetterLimit();

    /** Local stack only: the console mints its own short-lived tokens with the local issuer key. */
    interface LocalSignIn {

        /** Off unless set: production signs in through the organisation's identity provider. */
        @WithDefault("false")
        boolean enabled();

        /** The local token issuer's private key (PKCS#8 PEM); without the file, local sign-in stays off. */
        Optional<String> keyFile();

        @WithDefault("PT2H")
        Duration tokenTtl();
    }
}
