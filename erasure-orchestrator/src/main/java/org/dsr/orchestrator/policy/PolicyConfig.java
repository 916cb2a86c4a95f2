package org.dsr.orchestrator.policy;

import java.util.Optional;
import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "dsr.policy")
public interface PolicyConfig {

    /** The policy file; absent or blank = the sample policy on the classpath. */
    Optional<String> file();
}
