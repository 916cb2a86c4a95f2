package org.dsr.request.keys;

import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.runtime.Startup;
import org.dsr.kit.trust.TrustedKeys;

/**
 * The {@link KeyReleaseRule} with the orchestrator's key pinned in {@code dsr.trust.keys.orchestrator}: request-service
 * does not start without it, as it could release no data key.
 */
@Startup
@ApplicationScoped
public class KeyReleaseCheck {

    public static final String ORCHESTRATOR = "orchestrator";

    private final KeyReleaseRule rule;

    public KeyReleaseCheck(TrustedKeys trusted) {
        this.rule = new KeyReleaseRule(trusted.require(ORCHESTRATOR).publicKey());
    }

    public KeyReleaseRule rule() {
        return rule;
    }
}
