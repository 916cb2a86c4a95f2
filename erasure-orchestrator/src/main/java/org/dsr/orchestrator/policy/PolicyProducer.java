package org.dsr.orchestrator.policy;

import java.nio.file.Path;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

public class PolicyProducer {

    private static final Logger LOG = Logger.getLogger(PolicyProducer.class);

    /** Loaded at start: a bad policy stops the service with a message naming the entry. */
    @Produces
    @Singleton
    Policy policy(PolicyConfig config) {
        return PolicyLoader.load(config.file().filter(f -> !f.isBlank()).map(Path::of));
    }

    void checkAtStart(@Observes StartupEvent event, Policy policy) {
        LOG.infof(
                "policy v%d loaded: %d processors",
                policy.version(), policy.processors().size());
    }
}
