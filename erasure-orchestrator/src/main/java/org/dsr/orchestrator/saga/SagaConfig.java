package org.dsr.orchestrator.saga;

import java.time.Duration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How hard the orchestrator tries before it asks a person: {@code dsr.saga.*}. */
@ConfigMapping(prefix = "dsr.saga")
public interface SagaConfig {

    /** Dispatches of one step (the first included) before it needs attention. */
    @WithDefault("5")
    int maxAttempts();

    /** Backoff after a retryable failure: doubles per attempt, with jitter, up to {@link #maxRetryBackoff()}. */
    @WithDefault("30s")
    Duration retryBackoff();

    @WithDefault("1h")
    Duration maxRetryBackoff();

    /** A step's timeout when the policy names none. */
    @WithDefault("15m")
    Duration defaultTimeout();

    /** How often the watchdog looks for due retries, timeouts and deferred erasures. */
    @WithDefault("5s")
    String watchdogInterval();
}
