package org.dsr.adapter.kit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of a processor adapter, under {@code dsr.adapter.*}. */
@ConfigMapping(prefix = "dsr.adapter")
public interface AdapterConfig {

    /** The processor this adapter speaks for; commands for another processor are dead-lettered. */
    @WithDefault("${quarkus.application.name}")
    String processor();
}
