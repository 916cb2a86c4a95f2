package org.dsr.orchestrator.console.operator;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.orchestrator.saga.SagaStatus;

/**
 * The saga list's filters, as the page's query string gives them. Unknown values are dropped and reported in
 * {@link #problems()}, never echoed.
 */
public record SagaFilter(
        SagaStatus status,
        String processor,
        boolean overdue,
        boolean atRisk,
        Jurisdiction jurisdiction,
        LocalDate receivedFrom,
        LocalDate receivedTo,
        boolean dueThisWeek,
        List<String> problems) {

    public static final SagaFilter NONE = new SagaFilter(null, null, false, false, null, null, null, false, List.of());

    public static SagaFilter parse(
            String status,
            String processor,
            String overdue,
            String atRisk,
            String jurisdiction,
            String from,
            String to,
            List<String> knownProcessors) {
        List<String> problems = new ArrayList<>();
        SagaStatus s = null;
        if (present(status)) {
            try {
                s = SagaStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("Unknown status: ignored.");
            }
        }
        String p = null;
        if (present(processor)) {
            if (knownProcessors.contains(processor.strip())) {
                p = processor.strip();
            } else {
                problems.add("Unknown processor: ignored.");
            }
        }
        Jurisdiction j = null;
        if (present(jurisdiction)) {
            try {
                j = Jurisdiction.valueOf(jurisdiction.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("Unknown jurisdiction: ignored.");
            }
        }
        return new SagaFilter(
                s,
                p,
                flag(overdue),
                flag(atRisk),
                j,
                date(from, "from", problems),
                date(to, "to", problems),
                false,
                List.copyOf(problems));
    }

    public SagaFilter dueWithinAWeek() {
        return new SagaFilter(
                status, processor, overdue, atRisk, jurisdiction, receivedFrom, receivedTo, true, problems);
    }

    public SagaFilter onlyOverdue() {
        return new SagaFilter(null, null, true, false, null, null, null, false, List.of());
    }

    public SagaFilter onlyAtRisk() {
        return new SagaFilter(null, null, false, true, null, null, null, false, List.of());
    }

    public String statusName() {
        return status == null ? "" : status.name();
    }

    public String processorName() {
        return processor == null ? "" : processor;
    }

    public String jurisdictionName() {
        return jurisdiction == null ? "" : jurisdiction.name();
    }

    public String fromText() {
        return receivedFrom == null ? "" : receivedFrom.toString();
    }

    public String toText() {
        return receivedTo == null ? "" : receivedTo.toString();
    }

    public boolean isEmpty() {
        return status == null
                && processor == null
                && !overdue
                && !atRisk
                && jurisdiction == null
                && receivedFrom == null
                && receivedTo == null;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static boolean flag(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("on"));
    }

    private static LocalDate date(String value, String name, List<String> problems) {
        if (!present(value)) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add("The '" + name + "' date is not YYYY-MM-DD: ignored.");
            return null;
        }
    }
}
