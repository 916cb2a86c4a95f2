package org.dsr.request;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import jakarta.inject.Singleton;

/**
 * The service's {@link Clock} in tests (it replaces service-kit's system clock): the system clock until a test sets
 * it, so that a test can move the service's time past a grace period instead of sleeping through it. A test that sets
 * it resets it when it ends.
 */
@Singleton
public class TestClock extends Clock {

    private volatile Instant fixed;

    /** From now on the service's time is {@code instant}, until {@link #reset()}. */
    public void set(Instant instant) {
        this.fixed = instant;
    }

    public void advance(Duration by) {
        set(instant().plus(by));
    }

    /** Back to the system clock. */
    public void reset() {
        this.fixed = null;
    }

    @Override
    public Instant instant() {
        Instant at = fixed;
        return at != null ? at : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service's clock is UTC");
    }
}
