package org.dsr.orchestrator.console;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.dsr.kit.security.SecurityProblemMappers;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 and 403 for the web console: a page without a valid token redirects to the sign-in page (htmx requests get
 * {@code HX-Redirect}), a page the role may not see answers a 403 page. Every other path keeps the API's
 * problem+json answers ({@link SecurityProblemMappers}).
 */
public class UiSecurityMappers {

    private final SecurityProblemMappers api = new SecurityProblemMappers();
    private final Template forbidden;

    public UiSecurityMappers(@Location("console/errors/forbidden.html") Template forbidden) {
        this.forbidden = forbidden;
    }

    static boolean isConsole(UriInfo uri) {
        String path = uri.getPath();
        return path.equals("/ui") || path.startsWith("/ui/");
    }

    @ServerExceptionMapper(
            value = {
                UnauthorizedException.class,
                AuthenticationFailedException.class,
                AuthenticationCompletionException.class
            },
            priority = Priorities.USER - 100)
    public Response unauthorized(RuntimeException e, UriInfo uri, HttpHeaders headers, Request request) {
        if (!isConsole(uri)) {
            return api.unauthorized(e, uri);
        }
        String signIn = "/ui/sign-in";
        if ("GET".equals(request.getMethod()) && !uri.getPath().startsWith("/ui/sign-")) {
            String query = uri.getRequestUri().getRawQuery();
            signIn += "?next="
                    + URLEncoder.encode(uri.getPath() + (query == null ? "" : "?" + query), StandardCharsets.UTF_8);
        }
        if (headers.getHeaderString("HX-Request") != null || isEventStream(headers)) {
            return Response.status(401)
                    .header("HX-Redirect", signIn)
                    .type(MediaType.TEXT_PLAIN)
                    .entity("Sign in again")
                    .build();
        }
        return Response.seeOther(URI.create(signIn)).build();
    }

    @ServerExceptionMapper(value = ForbiddenException.class, priority = Priorities.USER - 100)
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        if (!isConsole(uri)) {
            return api.forbidden(e, uri);
        }
        if (headers.getHeaderString("HX-Request") != null || isEventStream(headers)) {
            return Response.status(403)
                    .type(MediaType.TEXT_HTML)
                    .entity("<div class=\"notice error\" role=\"alert\">Your role may not do this.</div>")
                    .build();
        }
        return Response.status(403)
                .type(MediaType.TEXT_HTML)
                .entity(forbidden.instance())
                .build();
    }

    private static boolean isEventStream(HttpHeaders headers) {
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        return accept != null && accept.contains(MediaType.SERVER_SENT_EVENTS);
    }
}
