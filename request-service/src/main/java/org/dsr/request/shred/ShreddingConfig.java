package org.dsr.request.shred;

import java.time.Duration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Crypto-shredding of closed requests, under {@code dsr.shredding.*}. */
@ConfigMapping(prefix = "dsr.shredding")
public interface ShreddingConfig {

    /** How long after a request is closed its data key and ciphertext are destroyed. */
    @WithDefault("P30D")
    Duration gracePeriod();

    /** How often the shredding job runs. */
    @WithDefault("10m")
    String interval();

    /** Delay of the first run after start. */
    @WithDefault("30s")
    String initialDelay();
}
