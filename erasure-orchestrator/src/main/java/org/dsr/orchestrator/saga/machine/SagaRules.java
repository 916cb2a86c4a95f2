package org.dsr.orchestrator.saga.machine;

import java.time.Duration;
import org.dsr.orchestrator.policy.Policy;

/**
 * What the machine is told about the world: the attempts and backoffs of {@code dsr.saga.*} and the policy's
 * processors (their categories per request type and their timeouts).
 *
 * @param maxAttempts dispatches of one step (the first included) before it needs attention
 */
public record SagaRules(
        int maxAttempts, Duration retryBackoff, Duration maxRetryBackoff, Duration defaultTimeout, Policy policy) {

    /** A step's timeout: the policy's for its processor, else the default. */
    public Duration timeoutOf(String processor) {
        return policy.processor(processor).map(Policy.Processor::timeout).orElse(defaultTimeout);
    }
}
