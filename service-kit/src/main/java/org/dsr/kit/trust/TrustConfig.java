package org.dsr.kit.trust;

import java.util.Map;
import io.smallrye.config.ConfigMapping;

/**
 * The public keys this service trusts, pinned in its configuration: {@code dsr.trust.keys.<owner>} is the key that
 * {@code <owner>} (the orchestrator, a processor) signs with. The value is the base64 X.509 Ed25519 public key (what
 * {@code <owner>.pub} holds) or {@code file:<path>} of such a file, read once at start. Nothing else is trusted: no
 * directory is scanned, and a key file changed on disk after start changes nothing.
 */
@ConfigMapping(prefix = "dsr.trust")
public interface TrustConfig {

    /** Owner name to pinned public key; empty when this service checks no signatures. */
    Map<String, String> keys();
}
