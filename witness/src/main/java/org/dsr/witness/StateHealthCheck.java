package org.dsr.witness;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while its state directory is locked by this process and writable: a cosignature can be made durable. */
@Readiness
@ApplicationScoped
public class StateHealthCheck implements HealthCheck {

    private final CheckpointStore store;

    public StateHealthCheck(CheckpointStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("witness state")
                .status(store.isWritable())
                .build();
    }
}
