package org.dsr.orchestrator.saga;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.saga.machine.SagaMachine;
import org.dsr.orchestrator.saga.machine.SagaRules;

/** The saga machine of this service: {@code dsr.saga.*} and the policy, the injected clock, random jitter and ids. */
public class SagaMachineProducer {

    @Produces
    @Singleton
    SagaMachine sagaMachine(SagaConfig config, Policy policy, Clock clock) {
        return new SagaMachine(
                new SagaRules(
                        config.maxAttempts(),
                        config.retryBackoff(),
                        config.maxRetryBackoff(),
                        config.defaultTimeout(),
                        policy),
                clock,
                () -> ThreadLocalRandom.current().nextDouble(),
                UUID::randomUUID);
    }
}
