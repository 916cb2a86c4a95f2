package org.dsr.connector.webhook;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.contracts.event.Retention;

/**
 * One outcome as a service reports it, in its answer or its callback:
 * {@code {category, status: DONE|FAILED|PENDING, rowsAffected, remaining, verification, retention?, reason?,
 * retryable?}}. DONE leaves the status to the counts ({@link org.dsr.adapter.kit.OutcomeRules}): nothing affected is
 * NOT_FOUND, anything remaining is FAILED. The service's texts are its own words and must hold no personal data; they
 * are cut to one line of at most {@value #MAX_TEXT} characters.
 */
final class WebhookOutcomes {

    static final int MAX_TEXT = 300;

    /** The service's answer does not follow the wire format; the message names the field, never its value. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private WebhookOutcomes() {}

    static boolean pending(JsonNode outcome) {
        return "PENDING".equals(outcome.path("status").asText());
    }

    /** A final outcome (DONE or FAILED) as a result. */
    static CategoryResult result(JsonNode outcome) throws Malformed {
        String status = outcome.path("status").asText("");
        String verification = text(outcome, "verification", status.equals("FAILED"));
        switch (status) {
            case "DONE" -> {
                return new CategoryResult(
                        count(outcome, "rowsAffected"),
                        count(outcome, "remaining"),
                        verification,
                        retention(outcome.path("retention")),
                        null);
            }
            case "FAILED" -> {
                String reason = text(outcome, "reason", false);
                JsonNode retryable = outcome.path("retryable");
                if (!retryable.isMissingNode() && !retryable.isBoolean()) {
                    throw new Malformed("retryable must be true or false");
                }
                return CategoryResult.failed(
                        retryable.asBoolean(false),
                        "the service reported a failure: " + reason,
                        verification.isEmpty() ? "not verified" : verification);
            }
            default -> throw new Malformed("status must be DONE, FAILED or PENDING");
        }
    }

    private static long count(JsonNode outcome, String field) throws Malformed {
        JsonNode n = outcome.path(field);
        if (!n.isIntegralNumber() || n.asLong() < 0) {
            throw new Malformed(field + " must be a whole number, 0 or more");
        }
        return n.asLong();
    }

    private static String text(JsonNode outcome, String field, boolean optional) throws Malformed {
        JsonNode n = outcome.path(field);
        if (n.isMissingNode() || n.isNull()) {
            if (optional) {
                return "";
            }
            throw new Malformed(field + " is required");
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new Malformed(field + " must be a text");
        }
        return clean(n.asText());
    }

    /** One line of printable characters, at most {@value #MAX_TEXT}. */
    static String clean(String text) {
        String line = text.replaceAll("\\p{Cntrl}", " ").strip();
        return line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) + "..." : line;
    }

    private static Retention retention(JsonNode node) throws Malformed {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new Malformed("retention must be an object");
        }
        String basis = text(node, "legalBasis", false);
        LocalDate until = null;
        if (node.hasNonNull("retainUntil")) {
            try {
                until = LocalDate.parse(node.get("retainUntil").asText());
            } catch (DateTimeParseException e) {
                throw new Malformed("retention.retainUntil must be a date (YYYY-MM-DD)");
            }
        }
        List<String> handles = new ArrayList<>();
        for (JsonNode h : node.path("handles")) {
            if (!h.isTextual() || !h.asText().matches("[A-Za-z0-9._:\\-]{1,128}")) {
                throw new Malformed("retention.handles must be the service's own record ids");
            }
            handles.add(h.asText());
        }
        return new Retention(basis, until, handles.isEmpty() ? null : handles);
    }
}
