package org.dsr.request.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import io.quarkus.security.identity.SecurityIdentity;
import org.dsr.kit.security.Roles;

/** Who is calling: the token's subject and roles. */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    /** The token's {@code sub} (SmallRye JWT's principal name falls back to upn, preferred_username, sub). */
    public String id() {
        if (identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt
                && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    /**
     * The processors the token names in {@code dsr_processors} (an adapter's or connector's token): those it may
     * fetch data keys for. Empty when the claim is absent or not an array of names.
     */
    public Set<String> processors() {
        if (!(identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt)) {
            return Set.of();
        }
        Object claim = jwt.getClaim(org.dsr.request.keys.KeyReleaseRule.PROCESSORS_CLAIM);
        if (!(claim instanceof Collection<?> names)) {
            return Set.of();
        }
        Set<String> processors = new HashSet<>();
        for (Object name : names) {
            if (name instanceof JsonString text) {
                processors.add(text.getString());
            } else if (name instanceof String text) {
                processors.add(text);
            }
        }
        return Set.copyOf(processors);
    }

    public boolean has(String role) {
        return identity.hasRole(role);
    }

    /** Operators and compliance read everything; a submitter only what it submitted. */
    public boolean readsAll() {
        return has(Roles.OPERATOR) || has(Roles.COMPLIANCE);
    }
}
