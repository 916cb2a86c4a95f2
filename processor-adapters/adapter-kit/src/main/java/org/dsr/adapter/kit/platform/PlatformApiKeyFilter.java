package org.dsr.adapter.kit.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;

/**
 * Every request to a {@link PlatformApiSecured} resource needs the platform's key in {@code X-Api-Key}: 401 (or 503
 * unconfigured) as problem+json, before the body is read or any store is asked.
 */
@Provider
@PlatformApiSecured
public class PlatformApiKeyFilter implements ContainerRequestFilter {

    private final PlatformApiKey key;

    public PlatformApiKeyFilter(PlatformApiKey key) {
        this.key = key;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            key.check(request.getHeaderString(PlatformApiKey.HEADER));
        } catch (ProblemException e) {
            Problem p = e.problem();
            request.abortWith(Response.status(p.status())
                    .type(Problem.MEDIA_TYPE)
                    .entity(new Problem(
                            p.type(),
                            p.title(),
                            p.status(),
                            p.detail(),
                            request.getUriInfo().getPath(),
                            p.errors()))
                    .build());
        }
    }
}
