package org.dsr.adapter.kit.datamap;

import java.util.List;
import java.util.Map;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.subject.IdentifierType;

/**
 * An adapter's declarative data map (docs/data-map.md), as parsed from {@code data-map.yaml}: how the subject's own
 * keys are found from its identifiers, and per data category which table holds it, how its rows are matched, in which
 * order categories run and what each requested action does to the rows or columns.
 */
public record DataMap(Map<String, Key> keys, Map<String, Category> categories, List<String> reviewedTriggers) {

    public DataMap(Map<String, Key> keys, Map<String, Category> categories) {
        this(keys, categories, List.of());
    }

    public static final DataMap EMPTY = new DataMap(Map.of(), Map.of());

    /**
     * A kind of key of the subject, e.g. account ids: values of {@code table.column} in rows whose identifier
     * columns hold one of the subject's identifiers, or ({@code from}) whose columns hold keys already resolved.
     */
    public record Key(
            String name, String table, String column, Map<IdentifierType, String> identifiers, List<From> from) {}

    /** Rows of the key's table whose {@code column} holds one of the values of {@code key} (a join). */
    public record From(String key, String column) {}

    /**
     * @param id the primary-key column (for anonymisation, which rewrites row by row)
     * @param match column to key name or identifier type; a row belongs to the subject when any of them matches
     * @param legalBasis documentation only: why the category is processed and kept as it is
     */
    public record Category(
            String name,
            String table,
            String id,
            int order,
            Map<String, String> match,
            Map<Action, Treatment> actions,
            String legalBasis) {}

    /**
     * Either delete the rows, or change columns ({@code columns}: column to what happens to it), or keep them for a
     * legal obligation ({@code retain}, RETAIN only).
     */
    public record Treatment(boolean delete, Map<String, ColumnAction> columns, Retain retain) {

        public Treatment(boolean delete, Map<String, ColumnAction> columns) {
            this(delete, columns, null);
        }
    }

    /**
     * RETAIN: the subject's rows are kept, restricted, until a date computed per row; a later DEFERRED_ERASE names
     * them by id (the retention handles) and deletes them.
     *
     * @param bookkeeping     the date is the bookkeeping rule of the command's jurisdiction from the row's fiscal year
     *                        (SE: Bokföringslagen 7 kap. 2 §, DK: bogföringsloven § 12); otherwise {@code period}
     * @param period          a fixed period after the row's date (with the category's legal basis), when not
     *                        bookkeeping
     * @param dateColumn      the row's date the period runs from (booking date, payment date)
     * @param fiscalYearEnds  the company's fiscal-year end per jurisdiction, for bookkeeping (a jurisdiction not
     *                        given: 12-31)
     * @param restrictColumn  a boolean column set true: processing restricted to storage (Art. 18(2)); optional
     * @param untilColumn     a date column the retain-until is written to (never shortened); a deferred erasure is
     *                        refused while a named row's date is not before today; optional
     * @param pseudonymColumn a text column the command's subject pseudonym is written to (never overwritten); rows
     *                        carrying it are the subject's too for RETAIN, so a re-dispatch still finds them after the
     *                        subject's keys are gone; optional
     * @param withDependents  tables whose rows reference the category's ids by foreign key, deleted with them by a
     *                        deferred erasure, in this order
     * @param deleteOrphaned  tables the category's rows reference, whose referenced rows are deleted after a deferred
     *                        erasure once the map has anonymised them and nothing references them any more
     */
    public record Retain(
            boolean bookkeeping,
            java.time.Period period,
            String dateColumn,
            Map<org.dsr.contracts.event.Jurisdiction, java.time.MonthDay> fiscalYearEnds,
            String restrictColumn,
            String untilColumn,
            String pseudonymColumn,
            List<String> withDependents,
            List<String> deleteOrphaned) {

        public static final java.time.MonthDay DEFAULT_FISCAL_YEAR_END = java.time.MonthDay.of(12, 31);

        public Retain {
            fiscalYearEnds = fiscalYearEnds == null ? Map.of() : Map.copyOf(fiscalYearEnds);
            withDependents = withDependents == null ? List.of() : List.copyOf(withDependents);
            deleteOrphaned = deleteOrphaned == null ? List.of() : List.copyOf(deleteOrphaned);
        }

        /** The fiscal-year end of the company in this jurisdiction: as declared, else 12-31. */
        public java.time.MonthDay fiscalYearEnd(org.dsr.contracts.event.Jurisdiction jurisdiction) {
            return fiscalYearEnds.getOrDefault(jurisdiction, DEFAULT_FISCAL_YEAR_END);
        }
    }

    public enum ColumnAction {
        /** set to null */
        NULL("null"),
        /** replace by the fixed text {@value DataMap#MASK} */
        MASK("mask"),
        /** replace by HMAC-SHA-256 (hex) under the adapter's own key: still joinable, not reversible */
        KEYED_HASH("keyed-hash"),
        /** IPv4 to its /24, IPv6 to its /48; anything else becomes null */
        GENERALISE_IP("generalise-ip"),
        /** left as it is, said explicitly */
        KEEP("keep"),
        /** boolean flag: true on RESTRICT, false on LIFT_RESTRICTION */
        RESTRICT_FLAG("restrict-flag"),
        /** set to the time of the action (e.g. anonymised_at) */
        NOW("now");

        private final String spelling;

        ColumnAction(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }

        public static ColumnAction parse(String value) {
            for (ColumnAction a : values()) {
                if (a.spelling.equals(value)) {
                    return a;
                }
            }
            return null;
        }
    }

    public static final String MASK = "[anonymised]";
}
