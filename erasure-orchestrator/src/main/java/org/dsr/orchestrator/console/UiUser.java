package org.dsr.orchestrator.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import org.dsr.kit.security.Roles;

/**
 * Who is looking at the page, for the shared frame ({@code templates/console/layout.html} reads it as {@code inject:uiUser}).
 * Only the token's subject and roles: no other claim is shown.
 */
@Named("uiUser")
@RequestScoped
public class UiUser {

    @Inject
    CurrentIdentityAssociation identities;

    private SecurityIdentity identity;

    private SecurityIdentity identity() {
        if (identity == null) {
            try {
                identity = identities.getIdentity();
            } catch (RuntimeException e) {
                // no identity can be resolved here (anonymous page on the event loop): show the frame signed out
                return null;
            }
        }
        return identity;
    }

    public boolean isSignedIn() {
        SecurityIdentity id = identity();
        return id != null && !id.isAnonymous();
    }

    public String getName() {
        return isSignedIn() ? identity().getPrincipal().getName() : "";
    }

    public boolean isOperator() {
        return isSignedIn() && identity().hasRole(Roles.OPERATOR);
    }

    public boolean isCompliance() {
        return isSignedIn() && identity().hasRole(Roles.COMPLIANCE);
    }

    public String getRoleLabel() {
        if (isOperator() && isCompliance()) {
            return "operator, compliance";
        }
        return isOperator() ? "operator" : isCompliance() ? "compliance" : isSignedIn() ? "no console role" : "";
    }
}
