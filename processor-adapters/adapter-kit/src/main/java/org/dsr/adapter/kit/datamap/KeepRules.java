package org.dsr.adapter.kit.datamap;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.retention.RetentionRules;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.Retention;

/**
 * The data map's decisions about keeping a subject's rows and erasing them when retention ends, without I/O
 * ({@link DataMapHandler} reads the rows and runs the statements):
 * <ul>
 * <li>a kept row is retained until its booking date plus the map's period, or for bookkeeping until the end of the
 * jurisdiction's retention after the fiscal year the row was booked in ({@link RetentionRules}); never shorter than
 * a retain-until an earlier request set;</li>
 * <li>the outcome's retention names the latest of those dates, the legal basis (the jurisdiction's bookkeeping law,
 * or the category's own) and the rows' ids as handles for the deferred erasure;</li>
 * <li>a deferred erasure is refused before any statement without handles or with a handle that is not a value of the
 * id column's type.</li>
 * </ul>
 */
public final class KeepRules {

    /** A row of the subject in the kept table: its id, its booking date, the retain-until it carries (or null). */
    public record KeptRow(Object id, LocalDate booked, LocalDate storedUntil) {}

    /** What keeping the rows sets: each row's retain-until (as ISO text, in the rows' order) and the retention. */
    public record Kept(List<Object> ids, List<String> untils, Retention retention) {}

    private KeepRules() {}

    /** The retain-until of one row. */
    public static LocalDate retainUntil(
            DataMap.Retain retain, Jurisdiction jurisdiction, LocalDate booked, LocalDate storedUntil) {
        LocalDate until = retain.bookkeeping()
                ? RetentionRules.retainUntil(jurisdiction, booked, retain.fiscalYearEnd(jurisdiction))
                : booked.plus(retain.period());
        // never shorten a retention an earlier request set
        return storedUntil != null && storedUntil.isAfter(until) ? storedUntil : until;
    }

    /** Keeping the subject's rows (at least one). */
    public static Kept keep(
            List<KeptRow> rows, DataMap.Retain retain, Jurisdiction jurisdiction, String categoryLegalBasis) {
        List<Object> ids = new ArrayList<>();
        List<String> untils = new ArrayList<>();
        LocalDate latest = null;
        for (KeptRow row : rows) {
            LocalDate until = retainUntil(retain, jurisdiction, row.booked(), row.storedUntil());
            ids.add(row.id());
            untils.add(until.toString());
            latest = latest == null || until.isAfter(latest) ? until : latest;
        }
        String legalBasis = retain.bookkeeping() ? RetentionRules.legalBasis(jurisdiction) : categoryLegalBasis;
        return new Kept(
                List.copyOf(ids),
                List.copyOf(untils),
                new Retention(
                        legalBasis, latest, ids.stream().map(String::valueOf).toList()));
    }

    /**
     * Why a deferred erasure is refused before any statement (FAILED, permanent, nothing examined); empty when its
     * handles can be used.
     */
    public static Optional<CategoryResult> refusedHandles(
            List<String> handles, String table, String id, String idType) {
        String notExamined = "not examined: no action was taken";
        if (handles == null || handles.isEmpty()) {
            return Optional.of(
                    CategoryResult.failed(false, "deferred erasure names no retention handles", notExamined));
        }
        if (handles.stream().anyMatch(h -> !wellFormed(h, idType))) {
            return Optional.of(CategoryResult.failed(
                    false,
                    "malformed retention handle: " + table + "." + id + " values (" + idType + ") expected",
                    notExamined));
        }
        return Optional.empty();
    }

    /** Whether a handle is a value of the id column's type (so binding it cannot fail or match something else). */
    static boolean wellFormed(String handle, String idType) {
        if (handle == null) {
            return false;
        }
        return switch (idType) {
            case "bigint", "integer", "smallint" -> handle.matches("-?\\d{1,18}");
            case "uuid" ->
                handle.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
            case "numeric" -> handle.matches("-?\\d{1,30}(\\.\\d{1,30})?");
            default -> !handle.isEmpty() && handle.length() <= 1000;
        };
    }
}
