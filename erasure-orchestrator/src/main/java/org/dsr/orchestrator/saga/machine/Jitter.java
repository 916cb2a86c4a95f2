package org.dsr.orchestrator.saga.machine;

/** Where a retry's backoff jitter comes from: a number in [0, 1]. Injected, so a test fixes it. */
@FunctionalInterface
public interface Jitter {

    double next();

    static Jitter fixed(double value) {
        return () -> value;
    }
}
