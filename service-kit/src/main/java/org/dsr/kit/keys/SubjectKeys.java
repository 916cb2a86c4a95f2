package org.dsr.kit.keys;

import java.security.SecureRandom;
import java.util.Base64;
import jakarta.enterprise.context.ApplicationScoped;
import org.dsr.contracts.crypto.Pseudonymizer;
import org.dsr.contracts.subject.Identifier;
import org.dsr.kit.config.DsrConfig;

/**
 * The pseudonym secret, which links a subject's requests without naming them. It is read (or created) in the keys
 * directory on first use only, so a service that never derives a pseudonym (an adapter, the connector) never holds it:
 * request-service is its only holder (docs/security.md "Keys"). Identifiers are encrypted under per-request data keys
 * (request-service's {@code DataKeys}), never under a key of this class.
 */
@ApplicationScoped
public class SubjectKeys {

    public static final String PSEUDONYM_SECRET_FILE = "pseudonym-secret.key";

    private final DsrConfig config;
    private volatile Pseudonymizer pseudonymizer;

    public SubjectKeys(DsrConfig config) {
        this.config = config;
    }

    public String pseudonym(Identifier identifier) {
        return pseudonymizer().pseudonym(identifier);
    }

    private Pseudonymizer pseudonymizer() {
        Pseudonymizer loaded = pseudonymizer;
        if (loaded == null) {
            loaded = new Pseudonymizer(Base64.getDecoder()
                    .decode(KeyFiles.readOrCreate(config.keysDir(), PSEUDONYM_SECRET_FILE, SubjectKeys::random256)));
            pseudonymizer = loaded;
        }
        return loaded;
    }

    static String random256() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
