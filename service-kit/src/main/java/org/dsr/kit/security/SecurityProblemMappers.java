package org.dsr.kit.security;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.dsr.kit.problem.Problem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401 and 403 as problem+json (authentication is not proactive, so these reach the REST layer). */
public class SecurityProblemMappers {

    @ServerExceptionMapper({
        UnauthorizedException.class,
        AuthenticationFailedException.class,
        AuthenticationCompletionException.class
    })
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.status(401)
                .type(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer")
                .entity(Problem.of(
                        "unauthorized", "Unauthorized", 401, "A valid bearer token (JWT) is required", uri.getPath()))
                .build();
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Response.status(403)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of("forbidden", "Forbidden", 403, "The token's roles do not allow this", uri.getPath()))
                .build();
    }
}
