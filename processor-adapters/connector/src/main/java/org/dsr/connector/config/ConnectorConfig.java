package org.dsr.connector.config;

import java.nio.file.Path;
import java.time.Duration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the connector service, under {@code dsr.connector.*}. */
@ConfigMapping(prefix = "dsr.connector")
public interface ConnectorConfig {

    /** The connectors file: every processor this connector hosts (docs/connect.md). */
    Path file();

    Pending pending();

    Commands commands();

    /** The replay window of commands (org.dsr.connector.command.CommandReplayRule). */
    interface Commands {
        /**
         * A command issued longer ago than this is refused as a replay, whatever its id: the orchestrator's
         * re-dispatch of a step left unanswered is signed anew, so a connector that was down longer than this answers
         * the re-dispatch. Kept long enough to outlast a connector's outage and Kafka's lag.
         */
        @WithDefault("P7D")
        Duration maxAge();

        /** How far in the future a command's issuedAt may lie (the orchestrator's clock ahead of this one). */
        @WithDefault("PT5M")
        Duration maxClockSkew();

        /** How often commands older than {@link #maxAge()} are forgotten. */
        @WithDefault("1h")
        Duration forgetInterval();
    }

    /** Categories answered PENDING, asked again until final. */
    interface Pending {
        /** How often the job looks for steps due to be asked again. */
        @WithDefault("2s")
        Duration interval();

        /** Steps asked per run. */
        @WithDefault("50")
        int batchSize();

        /** Failed polls in a row before the step is answered FAILED (permanent). */
        @WithDefault("8")
        int maxAttempts();

        /** Delay after the first failed poll, doubled up to {@link #maxBackoff()}. */
        @WithDefault("PT5S")
        Duration initialBackoff();

        @WithDefault("PT5M")
        Duration maxBackoff();
    }
}
