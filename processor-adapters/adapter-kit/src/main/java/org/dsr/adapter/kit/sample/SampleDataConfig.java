package org.dsr.adapter.kit.sample;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code dsr.sample-data.*} (env {@code DSR_SAMPLE_DATA_ENABLED}). */
@ConfigMapping(prefix = "dsr.sample-data")
public interface SampleDataConfig {

    @WithDefault("false")
    boolean enabled();

    /** Generated people besides the fixed subjects. */
    @WithDefault("300")
    int people();

    @WithDefault("20250101")
    long seed();
}
