package org.dsr.request.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

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

    public boolean has(String role) {
        return identity.hasRole(role);
    }

    /** Operators and compliance read everything; a submitter only what it submitted. */
    public boolean readsAll() {
        return has(Roles.OPERATOR) || has(Roles.COMPLIANCE);
    }
}
