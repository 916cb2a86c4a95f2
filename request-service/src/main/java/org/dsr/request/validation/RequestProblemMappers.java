package org.dsr.request.validation;

import java.util.Arrays;
import java.util.List;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * request-service's additions to service-kit's problem mappers: an unknown constant (request type, jurisdiction,
 * identifier type) is a field error with the allowed values; a body over the limit is a 413 problem.
 */
public class RequestProblemMappers {

    /** The documented body limit; the HTTP layer's own limit (quarkus.http.limits.max-body-size) is a backstop. */
    public static final long MAX_BODY_BYTES = 64 * 1024;

    @ServerExceptionMapper
    public Response unknownConstant(InvalidFormatException e, UriInfo uri) {
        String field = fieldOf(e);
        Class<?> target = e.getTargetType();
        String message = target != null && target.isEnum()
                ? "must be one of " + Arrays.toString(target.getEnumConstants())
                : "has a value of the wrong type";
        return Response.status(400)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(
                                "invalid-request",
                                "Invalid request",
                                400,
                                "The request has 1 invalid field(s)",
                                uri.getPath())
                        .withErrors(List.of(new Problem.FieldError(field.isEmpty() ? "(body)" : field, message))))
                .build();
    }

    @ServerRequestFilter(preMatching = true)
    public void bodyLimit(HttpHeaders headers) {
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return; // the HTTP layer rejects it
        }
        if (bytes > MAX_BODY_BYTES) {
            throw new ProblemException(Problem.of(
                    "payload-too-large",
                    "Payload Too Large",
                    413,
                    "The body exceeds " + MAX_BODY_BYTES / 1024 + " KiB",
                    null));
        }
    }

    private static String fieldOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
