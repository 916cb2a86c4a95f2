package org.dsr.request.security;

import java.time.Duration;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses (401, before any key is looked up or audited) a {@code dsr-adapter} token on the data-key endpoint whose
 * lifetime exceeds {@code dsr.adapter-tokens.max-lifetime}, or that carries no issue or expiry time: an adapter's
 * token must be short-lived (docs/security.md "Adapter tokens"). Other tokens and other paths pass untouched; a token
 * that does not verify at all is left to the normal 401.
 */
public class AdapterTokenLifetime {

    static final String DATA_KEYS_PATH = "/internal/v1/data-keys";

    private final CurrentIdentityAssociation identity;
    private final AdapterTokenConfig config;

    public AdapterTokenLifetime(CurrentIdentityAssociation identity, AdapterTokenConfig config) {
        this.identity = identity;
        this.config = config;
    }

    /** Whether a token issued at {@code iat} and expiring at {@code exp} (epoch seconds) lives too long. */
    static boolean tooLongLived(long issuedAt, long expiresAt, Duration max) {
        return issuedAt <= 0 || expiresAt <= 0 || expiresAt - issuedAt > max.toSeconds();
    }

    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith(DATA_KEYS_PATH)) {
            return Uni.createFrom().nullItem();
        }
        return identity.getDeferredIdentity().onFailure().recoverWithNull().map(who -> {
            if (who == null
                    || who.isAnonymous()
                    || !(who.getPrincipal() instanceof JsonWebToken jwt)
                    || !who.hasRole(Roles.ADAPTER)
                    || !tooLongLived(jwt.getIssuedAtTime(), jwt.getExpirationTime(), config.maxLifetime())) {
                return null;
            }
            return Response.status(401)
                    .type(Problem.MEDIA_TYPE)
                    .header("WWW-Authenticate", "Bearer")
                    .entity(Problem.of(
                            "adapter-token-too-long-lived",
                            "Unauthorized",
                            401,
                            "an adapter token may live at most "
                                    + config.maxLifetime().toMinutes()
                                    + " minutes; get a fresh one with the client-credentials grant",
                            null))
                    .build();
        });
    }
}
