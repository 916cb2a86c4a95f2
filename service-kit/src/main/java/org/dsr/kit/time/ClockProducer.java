package org.dsr.kit.time;

import java.time.Clock;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import io.quarkus.arc.DefaultBean;

/**
 * The one source of "now" for every service: inject {@link Clock} instead of calling {@code Instant.now()}, so that
 * decision rules can be driven by a fixed or stepped clock in a plain unit test. A test that needs to move time in a
 * running service declares its own {@code Clock} bean, which replaces this default one.
 */
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock systemClock() {
        return Clock.systemUTC();
    }
}
