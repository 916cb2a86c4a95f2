package org.dsr.adapter.kit.sql;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * PostgreSQL array literals, bound as one text parameter and cast in SQL:
 * {@code where id = any(cast(cast(:ids as text) as bigint[]))}. One parameter whatever the count (empty matches
 * nothing), no driver-specific array binding.
 */
public final class SqlArrays {

    private SqlArrays() {}

    /** {@code {"a","b"}} with quotes and backslashes escaped. */
    public static String text(Collection<String> values) {
        return values.stream().map(SqlArrays::quote).collect(Collectors.joining(",", "{", "}"));
    }

    /** Numbers unquoted, anything else as text. */
    public static String of(Collection<?> values) {
        return values.stream()
                .map(v -> v instanceof Number ? v.toString() : quote(String.valueOf(v)))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
