package org.dsr.adapter.kit.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row a query returned, its columns in the select's order, as the driver gave them (a database null is null).
 * Read a column by position with the accessor of what it holds.
 */
public record SqlRow(List<Object> values) {

    public SqlRow {
        values = Collections.unmodifiableList(new ArrayList<>(values)); // a column may be null
    }

    /** A row from the driver's cells: an array per row, or the value itself when the select has one column. */
    public static SqlRow of(Object cells) {
        return new SqlRow(cells instanceof Object[] array ? java.util.Arrays.asList(array) : List.of(cells));
    }

    public int size() {
        return values.size();
    }

    /** The column as the driver gave it. */
    public Object value(int column) {
        return values.get(column);
    }

    public boolean isNull(int column) {
        return values.get(column) == null;
    }

    /** The column as text ({@code toString()} of what the driver gave); null for a database null. */
    public String text(int column) {
        Object value = values.get(column);
        return value == null ? null : value.toString();
    }

    /** A numeric column (not null). */
    public long longValue(int column) {
        return ((Number) values.get(column)).longValue();
    }

    /** A numeric column (not null). */
    public int intValue(int column) {
        return ((Number) values.get(column)).intValue();
    }
}
