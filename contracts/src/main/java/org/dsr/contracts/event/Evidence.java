package org.dsr.contracts.event;

import java.util.List;

/**
 * What a processor can show for its outcome.
 *
 * @param rowsAffected rows or objects deleted, changed or marked by the action
 * @param remainingMatches what a read after the action still found for the subject in this category
 * @param verification how that read was made, in words (never data)
 * @param exchanges what a processor reached over an API or through a person answered, one entry per request or
 *        confirmation (absent for a processor's own database); never personal data
 */
public record Evidence(long rowsAffected, long remainingMatches, String verification, List<Exchange> exchanges) {

    public Evidence(long rowsAffected, long remainingMatches, String verification) {
        this(rowsAffected, remainingMatches, verification, null);
    }

    /**
     * One answer the outcome rests on.
     *
     * @param step      what it was for: {@code find}, {@code act}, {@code verify}, {@code poll}, {@code callback},
     *                  {@code confirmation}
     * @param request   the request as a template, without values: {@code DELETE /v1/customers/{id}}
     * @param status    the HTTP status answered, if any
     * @param objectIds the vendor's own ids of the objects concerned (e.g. {@code cus_...}), if any
     * @param sha256    SHA-256 (hex) of the answer's body, or of an operator's confirmation file or text
     * @param by        who confirmed it, for an operator's confirmation
     */
    public record Exchange(
            String step, String request, Integer status, List<String> objectIds, String sha256, String by) {}
}
