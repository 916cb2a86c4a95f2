package org.dsr.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import jakarta.inject.Singleton;

/**
 * The connector's clock in tests: the system's UTC time, moved forward by what a test asks for. Replaces service-kit's
 * default {@code Clock} bean, so a test moves the connector's "now" (a task's respond-by, a replay window) instead of
 * sleeping; it must put the clock back ({@link #reset()}) when done.
 */
@Singleton
public class SteppedClock extends Clock {

    private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

    public void advance(Duration by) {
        ahead.updateAndGet(d -> d.plus(by));
    }

    public void reset() {
        ahead.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the connector's clock is UTC");
    }
}
