package org.dsr.kit.problem;

import java.net.URI;
import java.util.List;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details. {@code detail} and {@code errors} explain what to change; they never quote the input
 * (which may be personal data) nor Java internals.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String BASE = "https://dsr.example.org/problems/";

    public record FieldError(String field, String message) {}

    public static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem(URI.create(BASE + slug), title, status, detail, instance, List.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }
}
