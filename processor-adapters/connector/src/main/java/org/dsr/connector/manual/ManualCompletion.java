package org.dsr.connector.manual;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.connector.manual.ManualTasks.Task;
import org.dsr.connector.manual.ManualTasks.TaskCategory;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Retention;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;

/**
 * An operator's completion of a task, checked against the task and turned into one result per category. The
 * confirmation (the vendor's reply as a file, its text, or both) is hashed, never kept: its SHA-256 goes into the
 * evidence of every category, with the operator named. Free texts (a reason, a legal basis, a note) end up in signed
 * outcomes or the audit: text that looks like an e-mail address or a phone number is refused.
 */
public final class ManualCompletion {

    /** What an operator sends: {@code POST /api/v1/tasks/{id}/completion}. */
    public record Request(
            String confirmationText,
            String confirmationFile,
            String vendorReference,
            Map<String, CategoryOutcome> outcomes,
            String note) {}

    /**
     * The vendor's answer for one category.
     *
     * @param status      the action's own status (ERASED, ANONYMISED, RESTRICTED, LIFTED, RETAINED), NOT_FOUND or
     *                    FAILED
     * @param legalBasis  for RETAINED: why the vendor keeps it
     * @param retainUntil for RETAINED: the last day it is kept (ISO date)
     * @param reason      for FAILED: why the vendor did not act
     */
    public record CategoryOutcome(String status, String legalBasis, String retainUntil, String reason) {}

    /** The checked completion: a result per category, the evidence and a summary for the audit. */
    record Checked(
            Map<TaskCategory, CategoryResult> results,
            Map<String, String> statuses,
            List<Evidence.Exchange> exchanges,
            String note) {}

    /**
     * What a checked completion does to the task's steps: the open ones are finished with their result (in the task's
     * order), those finished otherwise meanwhile (e.g. failed by the pending job) keep their outcome and are listed as
     * already final; the task closes either way.
     *
     * @param finish       the open steps to finish, by step id, with their result
     * @param alreadyFinal the categories whose step was not open
     * @param finished     the status the operator gave each category finished now
     * @param detail       the audit's summary: statuses, confirmations, what was already final, the note
     */
    record Plan(
            Map<UUID, CategoryResult> finish, List<String> alreadyFinal, Map<String, String> finished, String detail) {}

    static final int MAX_FILE_BYTES = 5 * 1024 * 1024;
    static final int MAX_TEXT = 20_000;
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ().-]{6,}\\d");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:/#-]{1,100}");

    private ManualCompletion() {}

    static Checked check(Task task, Request request, String operator, LocalDate today) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw invalid(List.of(new Problem.FieldError("", "a body is required")));
        }
        List<Evidence.Exchange> exchanges = new ArrayList<>();
        List<String> ids = null;
        if (request.vendorReference() != null && !request.vendorReference().isBlank()) {
            if (REFERENCE.matcher(request.vendorReference()).matches()) {
                ids = List.of(request.vendorReference());
            } else {
                errors.add(new Problem.FieldError(
                        "vendorReference",
                        "must be the vendor's ticket or case id: 1 to" + " 100 letters, digits or . _ : / # -"));
            }
        }
        String asked = "manual: " + task.vendor();
        if (request.confirmationFile() != null && !request.confirmationFile().isEmpty()) {
            try {
                byte[] file = Base64.getMimeDecoder().decode(request.confirmationFile());
                if (file.length == 0 || file.length > MAX_FILE_BYTES) {
                    errors.add(new Problem.FieldError("confirmationFile", "must be 1 byte to 5 MiB"));
                } else {
                    exchanges.add(new Evidence.Exchange("confirmation", asked, null, ids, sha256(file), operator));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("confirmationFile", "must be base64"));
            }
        }
        if (request.confirmationText() != null && !request.confirmationText().isBlank()) {
            if (request.confirmationText().length() > MAX_TEXT) {
                errors.add(new Problem.FieldError("confirmationText", "must be at most " + MAX_TEXT + " characters"));
            } else {
                exchanges.add(new Evidence.Exchange(
                        "confirmation",
                        asked,
                        null,
                        ids,
                        sha256(request.confirmationText().getBytes(StandardCharsets.UTF_8)),
                        operator));
            }
        }
        if (exchanges.isEmpty() && errors.stream().noneMatch(e -> e.field().startsWith("confirmation"))) {
            errors.add(new Problem.FieldError(
                    "confirmationText",
                    "the vendor's confirmation is required: a text," + " a file (confirmationFile, base64) or both"));
        }
        String note = free(request.note(), "note", 1000, false, errors);

        Map<String, CategoryOutcome> given = request.outcomes() == null ? Map.of() : request.outcomes();
        Map<TaskCategory, CategoryResult> results = new LinkedHashMap<>();
        Map<String, String> statuses = new LinkedHashMap<>();
        String verification = "confirmed in writing by " + task.vendor() + " to an operator (" + operator
                + "); the connector cannot read the vendor's systems";
        for (TaskCategory c : task.categories()) {
            String field = "outcomes." + c.category();
            CategoryOutcome o = given.get(c.category());
            if (o == null || o.status() == null) {
                errors.add(new Problem.FieldError(field + ".status", "required: one of " + allowed(c.action())));
                continue;
            }
            String status = o.status();
            CategoryResult result = null;
            if (status.equals(positive(c.action()))) {
                if (c.action() == Action.RETAIN) {
                    String basis = free(o.legalBasis(), field + ".legalBasis", 500, true, errors);
                    LocalDate until = date(o.retainUntil(), field + ".retainUntil", today, errors);
                    if (basis != null && until != null) {
                        result = CategoryResult.retained(
                                1,
                                0,
                                verification,
                                new Retention(basis, until, List.of(task.id().toString())));
                    }
                } else {
                    result = CategoryResult.of(1, 0, verification);
                }
            } else if ("NOT_FOUND".equals(status)) {
                result = CategoryResult.of(0, 0, verification + ": nothing held for the subject");
            } else if ("FAILED".equals(status)) {
                String reason = free(o.reason(), field + ".reason", 300, true, errors);
                if (reason != null) {
                    result = CategoryResult.failed(false, task.vendor() + " did not act: " + reason, verification);
                }
            } else {
                errors.add(new Problem.FieldError(field + ".status", "must be one of " + allowed(c.action())));
            }
            if (result != null) {
                results.put(c, result.withExchanges(exchanges));
                statuses.put(c.category(), status);
            }
        }
        for (String name : given.keySet()) {
            if (task.categories().stream().noneMatch(c -> c.category().equals(name))) {
                errors.add(new Problem.FieldError("outcomes", "names a category the task does not have"));
                break;
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new Checked(results, statuses, List.copyOf(exchanges), note);
    }

    /** Which steps the checked completion finishes: {@code openSteps}, the task's steps that are open now. */
    static Plan plan(Checked checked, Set<UUID> openSteps) {
        Map<UUID, CategoryResult> finish = new LinkedHashMap<>();
        List<String> alreadyFinal = new ArrayList<>();
        for (Map.Entry<TaskCategory, CategoryResult> e : checked.results().entrySet()) {
            if (openSteps.contains(e.getKey().stepId())) {
                finish.put(e.getKey().stepId(), e.getValue());
            } else {
                alreadyFinal.add(e.getKey().category());
            }
        }
        Map<String, String> finished = new LinkedHashMap<>(checked.statuses());
        alreadyFinal.forEach(finished::remove);
        String detail = checked.statuses().entrySet().stream()
                        .map(s -> s.getKey() + "=" + s.getValue())
                        .collect(Collectors.joining(", "))
                + "; " + checked.exchanges().size() + " confirmation(s)"
                + (alreadyFinal.isEmpty() ? "" : "; already final: " + alreadyFinal)
                + (checked.note() == null ? "" : "; note: " + checked.note());
        return new Plan(finish, List.copyOf(alreadyFinal), finished, detail);
    }

    /** The status an action ends in when the vendor confirms it (as {@code OutcomeRules} maps it). */
    static String positive(Action action) {
        return switch (action) {
            case ERASE, DEFERRED_ERASE -> "ERASED";
            case ANONYMISE -> "ANONYMISED";
            case RESTRICT -> "RESTRICTED";
            case LIFT_RESTRICTION -> "LIFTED";
            case RETAIN -> "RETAINED";
        };
    }

    static List<String> allowed(Action action) {
        return List.of(positive(action), "NOT_FOUND", "FAILED");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String free(String text, String field, int max, boolean required, List<Problem.FieldError> errors) {
        if (text == null || text.isBlank()) {
            if (required) {
                errors.add(new Problem.FieldError(field, "required"));
            }
            return null;
        }
        String t = text.strip();
        if (t.length() > max) {
            errors.add(new Problem.FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        if (EMAIL.matcher(t).find() || PHONE.matcher(t).find()) {
            errors.add(new Problem.FieldError(
                    field,
                    "must not contain an e-mail address or a phone number: it is"
                            + " kept in signed evidence or the audit, which hold no personal data"));
            return null;
        }
        return t;
    }

    private static LocalDate date(String text, String field, LocalDate today, List<Problem.FieldError> errors) {
        if (text == null || text.isBlank()) {
            errors.add(new Problem.FieldError(field, "required: the last day the vendor keeps it (YYYY-MM-DD)"));
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(text.strip());
            if (d.isBefore(today)) {
                errors.add(new Problem.FieldError(field, "must not be in the past"));
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be a date (YYYY-MM-DD)"));
            return null;
        }
    }

    private static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of(
                        "invalid-request",
                        "Invalid request",
                        400,
                        "The completion has " + errors.size() + " invalid field(s)",
                        null)
                .withErrors(errors));
    }
}
