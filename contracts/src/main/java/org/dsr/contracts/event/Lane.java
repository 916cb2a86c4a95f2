package org.dsr.contracts.event;

/**
 * Which queue a request's work travels in. Bulk work has its own topics ({@code dsr.requests.bulk},
 * {@code dsr.commands.<processor>.bulk}, {@code dsr.outcomes.bulk}) and consumers, so an interactive request never
 * waits behind a bulk backlog.
 */
public enum Lane {
    INTERACTIVE,
    BULK
}
