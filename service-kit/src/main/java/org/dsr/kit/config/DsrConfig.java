package org.dsr.kit.config;

import java.nio.file.Path;
import java.time.Duration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings every service shares, under {@code dsr.*}. */
@ConfigMapping(prefix = "dsr")
public interface DsrConfig {

    /** Where the local secrets live: pseudonym secret, data-key KEK, signing keys. Generated when missing. */
    @WithDefault(".dsr/keys")
    Path keysDir();

    /** Names this process in logs, event sources and key ids. */
    @WithDefault("${quarkus.application.name}")
    String instanceId();

    Outbox outbox();

    Consumer consumer();

    interface Outbox {
        /** How many rows the relay publishes per transaction. */
        @WithDefault("500")
        int batchSize();

        /** Safety-net poll; the relay is normally woken by LISTEN/NOTIFY on commit. */
        @WithDefault("1s")
        Duration pollInterval();
    }

    interface Consumer {
        /** Attempts for a message whose processing fails for a reason other than its content. */
        @WithDefault("12")
        int maxAttempts();

        @WithDefault("100ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();

        /**
         * How long a message waits for a dependency that is down (database, broker, another service) before its
         * ordinary attempts are spent: an outage is no reason to dead-letter a good message. Below SmallRye's
         * unacknowledged-record limit (10 minutes), so a long outage cannot fail the channel.
         */
        @WithDefault("5m")
        Duration outagePatience();
    }
}
