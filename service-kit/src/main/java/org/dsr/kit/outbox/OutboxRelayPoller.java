package org.dsr.kit.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The relay's safety-net poll. Kept apart from {@link OutboxRelay} so that a tick before start-up has finished does
 * not create the relay, whose emitter can only be connected once the messaging channels are wired.
 */
@ApplicationScoped
public class OutboxRelayPoller {

    private final OutboxRelay relay;
    private volatile boolean started;

    public OutboxRelayPoller(OutboxRelay relay) {
        this.relay = relay;
    }

    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    @Scheduled(every = "${dsr.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (started) {
            relay.wake();
        }
    }
}
