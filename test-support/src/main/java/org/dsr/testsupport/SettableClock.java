package org.dsr.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one clock tests move instead of sleeping: the system's UTC time (shifted by what {@link #advance} added) until a
 * test {@link #set}s it, then frozen at that instant (and moved only by {@link #advance}) until {@link #reset()}. A
 * module that needs it as the running service's clock declares a {@code @Singleton} subclass in its test sources,
 * which replaces service-kit's default {@code Clock} bean.
 */
public class SettableClock extends Clock {

    private volatile Instant fixed;
    private volatile Duration ahead = Duration.ZERO;

    /** The system's time until a test sets or advances it. */
    public SettableClock() {}

    /** Frozen at {@code start}. */
    public SettableClock(Instant start) {
        this.fixed = start;
    }

    /** From now on the time is {@code instant}, until {@link #reset()}. */
    public void set(Instant instant) {
        this.fixed = instant;
    }

    /** Moves the time forward: a frozen clock stays frozen, a running one keeps running ahead. */
    public synchronized void advance(Duration by) {
        Instant at = fixed;
        if (at != null) {
            fixed = at.plus(by);
        } else {
            ahead = ahead.plus(by);
        }
    }

    /** Back to the system's time. */
    public synchronized void reset() {
        fixed = null;
        ahead = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        Instant at = fixed;
        return at != null ? at : Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the clock is UTC");
    }
}
