package org.dsr.adapter.email.privacyapi;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;

/** Every privacy API request needs the key in {@code X-Api-Key}: 401 (or 503 unconfigured) as problem+json. */
@Provider
@PrivacyApiSecured
public class PrivacyApiKeyFilter implements ContainerRequestFilter {

    public static final String HEADER = "X-Api-Key";

    private final PrivacyApiKey key;

    public PrivacyApiKeyFilter(PrivacyApiKey key) {
        this.key = key;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            key.check(request.getHeaderString(HEADER));
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
