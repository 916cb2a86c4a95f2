package org.dsr.adapter.kit.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the data-map engine's named parameters ({@code :ids}) into positional ones (the connector's Vert.x clients,
 * the kit's JDBC test runner), leaving
 * quoted text, quoted names and {@code ::} casts alone: PostgreSQL's numbered {@code $1} (a name used twice gets one
 * position), or MySQL's and MariaDB's {@code ?} (one per occurrence, so a name used twice is bound twice).
 */
public final class NamedParameters {

    public record Positional(String sql, List<String> names) {}

    private NamedParameters() {}

    public static Positional convert(String sql) {
        return convert(sql, false);
    }

    /** {@code ?} placeholders: {@link Positional#names()} has one entry per occurrence. */
    public static Positional questionMarks(String sql) {
        return convert(sql, true);
    }

    private static Positional convert(String sql, boolean questionMarks) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = sql.indexOf(c, i + 1);
                end = end < 0 ? sql.length() - 1 : end;
                out.append(sql, i, end + 1);
                i = end + 1;
            } else if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < sql.length() && Character.isLetter(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                String name = sql.substring(i + 1, end);
                if (questionMarks) {
                    names.add(name);
                    out.append('?');
                    i = end;
                    continue;
                }
                Integer position = positions.get(name);
                if (position == null) {
                    names.add(name);
                    position = names.size();
                    positions.put(name, position);
                }
                out.append('$').append(position);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Positional(out.toString(), List.copyOf(names));
    }
}
