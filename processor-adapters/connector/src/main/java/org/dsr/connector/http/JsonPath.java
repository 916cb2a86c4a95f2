package org.dsr.connector.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The small path language templates use to pick values out of a vendor's answer: fields joined by dots, {@code [*]}
 * for every element of an array, {@code [2]} for one, {@code *} for every field of an object. {@code data[*].id},
 * {@code result.*.contact.id}, {@code paging.next.after}.
 */
final class JsonPath {

    private static final Pattern SEGMENT = Pattern.compile("(\\*|[A-Za-z0-9_\\-$@]+)(?:\\[(\\*|\\d+)])?");

    private JsonPath() {}

    static boolean valid(String path) {
        if (path == null || path.isBlank()) {
            return false;
        }
        for (String segment : path.split("\\.", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Every scalar the path reaches, as text (numeric ids too); nulls and empty texts are left out. */
    static List<String> values(JsonNode root, String path) {
        List<JsonNode> nodes = List.of(root);
        for (String segment : path.split("\\.")) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad path");
            }
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : nodes) {
                List<JsonNode> fields = new ArrayList<>();
                if ("*".equals(m.group(1))) {
                    node.elements().forEachRemaining(fields::add);
                } else if (node.has(m.group(1))) {
                    fields.add(node.get(m.group(1)));
                }
                for (JsonNode field : fields) {
                    if (m.group(2) == null) {
                        next.add(field);
                    } else if ("*".equals(m.group(2))) {
                        field.elements().forEachRemaining(next::add);
                    } else if (field.has(Integer.parseInt(m.group(2)))) {
                        next.add(field.get(Integer.parseInt(m.group(2))));
                    }
                }
            }
            nodes = next;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode node : nodes) {
            if (node.isValueNode() && !node.isNull() && !node.asText().isEmpty()) {
                out.add(node.asText());
            }
        }
        return out;
    }

    /** The first value the path reaches, or null. */
    static String first(JsonNode root, String path) {
        List<String> all = values(root, path);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Whether the path reaches a true boolean or a non-empty text that is not "false". */
    static boolean truthy(JsonNode root, String path) {
        String value = first(root, path);
        return value != null && !"false".equalsIgnoreCase(value) && !"0".equals(value);
    }
}
