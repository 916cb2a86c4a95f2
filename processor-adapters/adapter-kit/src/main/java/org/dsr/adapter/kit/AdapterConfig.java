package org.dsr.adapter.kit;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of a processor adapter, under {@code dsr.adapter.*}. */
@ConfigMapping(prefix = "dsr.adapter")
public interface AdapterConfig {

    /** The processor this adapter speaks for; commands for another processor are dead-lettered. */
    @WithDefault("${quarkus.application.name}")
    String processor();

    /**
     * The data map, a classpath resource (docs/data-map.md); none there is an empty map. Declared here, not read on
     * its own, because this mapping owns {@code dsr.adapter.*} and refuses a property it does not declare.
     */
    @WithDefault("data-map.yaml")
    String dataMap();

    /**
     * Categories the processor finishes asynchronously (e.g. {@code events}): a command answers them, and every
     * category of the command that runs after them, PENDING and {@link PendingWorkJob} finishes them later. None by
     * default.
     */
    Optional<Set<String>> asyncCategories();

    /** How long an asynchronous category takes: the PENDING outcome's expected completion is now plus this. */
    @WithDefault("PT1M")
    Duration asyncDelay();

    /** The job that finishes pending work. */
    Pending pending();

    interface Pending {
        /** How often the job looks for due work. */
        @WithDefault("2s")
        Duration interval();

        /** Commands finished per run. */
        @WithDefault("50")
        int batchSize();

        /** Runs before the work is given up and answered FAILED (permanent). */
        @WithDefault("5")
        int maxAttempts();

        /** Delay before the second run, doubled each time up to {@link #maxBackoff()}. */
        @WithDefault("PT5S")
        Duration initialBackoff();

        @WithDefault("PT5M")
        Duration maxBackoff();
    }
}
