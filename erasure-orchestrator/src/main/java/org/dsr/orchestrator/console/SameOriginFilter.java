package org.dsr.orchestrator.console;

import java.net.URI;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * CSRF protection for the web console's POSTs, on top of the SameSite=Strict session cookie: a POST under
 * {@code /ui} must carry an {@code Origin} header (or, when a browser leaves it out, a {@code Referer}) naming
 * this very host. A page elsewhere cannot forge one. API clients ({@code /api}) send bearer tokens, not cookies.
 */
public class SameOriginFilter {

    private static final Logger LOG = Logger.getLogger(SameOriginFilter.class);

    @ServerRequestFilter(preMatching = true)
    public Response checkOrigin(ContainerRequestContext request) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        if (!path.equals("/ui") && !path.startsWith("/ui/")) {
            return null;
        }
        String origin = request.getHeaderString("Origin");
        if (origin == null || origin.isBlank() || "null".equals(origin)) {
            origin = request.getHeaderString("Referer");
        }
        String host = request.getHeaderString("Host");
        if (origin != null && host != null && host.equalsIgnoreCase(authority(origin))) {
            return null;
        }
        LOG.infof("console POST %s refused: not from this origin", path);
        return Response.status(403)
                .type(MediaType.TEXT_PLAIN)
                .entity("Refused: the request did not come from this console's own pages")
                .build();
    }

    private static String authority(String url) {
        try {
            return URI.create(url.strip()).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
