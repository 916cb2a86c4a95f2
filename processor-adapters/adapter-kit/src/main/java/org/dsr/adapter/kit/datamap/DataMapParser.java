package org.dsr.adapter.kit.datamap;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.dsr.adapter.kit.datamap.DataMap.Category;
import org.dsr.adapter.kit.datamap.DataMap.ColumnAction;
import org.dsr.adapter.kit.datamap.DataMap.From;
import org.dsr.adapter.kit.datamap.DataMap.Key;
import org.dsr.adapter.kit.datamap.DataMap.Treatment;
import org.dsr.adapter.kit.retention.RetentionRules;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.subject.IdentifierType;

/**
 * Reads {@code data-map.yaml} and checks its structure: every error names its entry, e.g.
 * {@code categories[access-logs].actions[ANONYMISE].columns[ip]: unknown action 'blur'}. Checks against the database
 * (tables, columns, types, foreign-key order) are {@link DataMapValidator}'s.
 */
public final class DataMapParser {

    static final Pattern SQL_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    static final Pattern CATEGORY_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Set<String> TOP = Set.of("keys", "categories", "reviewed-triggers");
    private static final Set<String> RETAIN_FIELDS = Set.of(
            "retain-until",
            "date-column",
            "fiscal-year-end",
            "restrict",
            "until-column",
            "pseudonym-column",
            "with-dependents",
            "delete-orphaned");
    private static final Pattern TRIGGER_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}\\.[a-z_][a-z0-9_]{0,62}");
    private static final Set<String> KEY_FIELDS = Set.of("table", "column", "identifiers", "from");
    private static final Set<String> CATEGORY_FIELDS =
            Set.of("table", "id", "order", "match", "actions", "legal-basis");
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final List<String> errors = new ArrayList<>();

    private DataMapParser() {}

    public static DataMap parse(String yaml, String source) {
        DataMapParser parser = new DataMapParser();
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (Exception e) {
            // Jackson's message quotes the offending YAML, which is configuration, not personal data.
            throw new DataMapException(source, List.of("not valid YAML: " + firstLine(e.getMessage())));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return DataMap.EMPTY;
        }
        DataMap map = parser.read(root);
        if (!parser.errors.isEmpty()) {
            throw new DataMapException(source, parser.errors);
        }
        return map;
    }

    private DataMap read(JsonNode root) {
        if (!root.isObject()) {
            errors.add("(root): must be a mapping with keys and categories");
            return DataMap.EMPTY;
        }
        unknownFields(root, TOP, "");
        Map<String, Key> keys = new LinkedHashMap<>();
        JsonNode keysNode = root.path("keys");
        if (!keysNode.isMissingNode() && !keysNode.isObject()) {
            errors.add("keys: must be a mapping of key name to key");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = keysNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Key key = key("keys[" + e.getKey() + "]", e.getKey(), e.getValue(), keys);
            if (key != null) {
                keys.put(key.name(), key);
            }
        }
        Map<String, Category> categories = new LinkedHashMap<>();
        JsonNode categoriesNode = root.path("categories");
        if (!categoriesNode.isMissingNode() && !categoriesNode.isObject()) {
            errors.add("categories: must be a mapping of category name to category");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = categoriesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Category category = category("categories[" + e.getKey() + "]", e.getKey(), e.getValue(), keys);
            if (category != null) {
                categories.put(category.name(), category);
            }
        }
        List<String> reviewed = new ArrayList<>();
        JsonNode reviewedNode = root.path("reviewed-triggers");
        if (!reviewedNode.isMissingNode() && !reviewedNode.isArray()) {
            errors.add("reviewed-triggers: must be a list of table.trigger");
        }
        for (int i = 0; i < reviewedNode.size(); i++) {
            String name = reviewedNode.get(i).asText("");
            if (!TRIGGER_NAME.matcher(name).matches()) {
                errors.add("reviewed-triggers[" + i + "]: '" + name + "' is not table.trigger");
            } else {
                reviewed.add(name);
            }
        }
        return new DataMap(keys, categories, List.copyOf(reviewed));
    }

    private Key key(String path, String name, JsonNode node, Map<String, Key> earlier) {
        if (!SQL_NAME.matcher(name).matches()) {
            errors.add(path + ": key names are lower case letters, digits and _");
        }
        if (!node.isObject()) {
            errors.add(path + ": must be a mapping with table, column and identifiers or from");
            return null;
        }
        unknownFields(node, KEY_FIELDS, path + ".");
        String table = sqlName(node, "table", path);
        String column = sqlName(node, "column", path);
        Map<IdentifierType, String> identifiers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("identifiers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path + ".identifiers[" + e.getKey() + "]";
            IdentifierType type = identifierType(e.getKey());
            if (type == null) {
                errors.add(p + ": unknown identifier type '" + e.getKey() + "'");
            } else if (!e.getValue().isTextual()
                    || !SQL_NAME.matcher(e.getValue().asText()).matches()) {
                errors.add(p + ": must name a column");
            } else {
                identifiers.put(type, e.getValue().asText());
            }
        }
        List<From> from = new ArrayList<>();
        JsonNode fromNode = node.path("from");
        List<JsonNode> fromItems = new ArrayList<>();
        if (fromNode.isArray()) {
            fromNode.forEach(fromItems::add);
        } else if (!fromNode.isMissingNode()) {
            fromItems.add(fromNode);
        }
        for (int i = 0; i < fromItems.size(); i++) {
            JsonNode f = fromItems.get(i);
            String p = path + ".from[" + i + "]";
            String key = f.path("key").asText(null);
            String col = f.path("column").asText(null);
            unknownFields(f, Set.of("key", "column"), p + ".");
            if (key == null || !earlier.containsKey(key)) {
                errors.add(p + ".key: unknown key '" + key + "' (keys are resolved in the order they are declared)");
            } else if (col == null || !SQL_NAME.matcher(col).matches()) {
                errors.add(p + ".column: must name a column");
            } else {
                from.add(new From(key, col));
            }
        }
        if (identifiers.isEmpty() && from.isEmpty()) {
            errors.add(path + ": needs identifiers or from: how is the subject found?");
        }
        return table == null || column == null ? null : new Key(name, table, column, identifiers, from);
    }

    private Category category(String path, String name, JsonNode node, Map<String, Key> keys) {
        if (!CATEGORY_NAME.matcher(name).matches()) {
            errors.add(path + ": category names are lower case letters, digits and -");
        }
        if (!node.isObject()) {
            errors.add(path + ": must be a mapping with table, order, match and actions");
            return null;
        }
        unknownFields(node, CATEGORY_FIELDS, path + ".");
        String table = sqlName(node, "table", path);
        String id = node.has("id") ? sqlName(node, "id", path) : "id";
        int order = 100;
        if (node.has("order")) {
            if (!node.get("order").canConvertToInt() || !node.get("order").isIntegralNumber()) {
                errors.add(path + ".order: must be a whole number");
            } else {
                order = node.get("order").asInt();
            }
        }
        Map<String, String> match = new LinkedHashMap<>();
        JsonNode matchNode = node.path("match");
        if (!matchNode.isObject() || matchNode.isEmpty()) {
            errors.add(path + ".match: needs at least one column: key name or identifier type");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = matchNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path + ".match[" + e.getKey() + "]";
            String by = e.getValue().asText("");
            if (!SQL_NAME.matcher(e.getKey()).matches()) {
                errors.add(p + ": not a column name");
            } else if (!keys.containsKey(by) && identifierType(by) == null) {
                errors.add(p + ": unknown key or identifier type '" + by + "'");
            } else {
                match.put(e.getKey(), by);
            }
        }
        Map<Action, Treatment> actions = new LinkedHashMap<>();
        JsonNode actionsNode = node.path("actions");
        if (!actionsNode.isObject() || actionsNode.isEmpty()) {
            errors.add(path + ".actions: needs at least one action");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = actionsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path + ".actions[" + e.getKey() + "]";
            Action action = action(e.getKey());
            if (action == null) {
                errors.add(p + ": unknown action; one of ERASE, ANONYMISE, RESTRICT, LIFT_RESTRICTION, RETAIN");
                continue;
            }
            if (action == Action.DEFERRED_ERASE) {
                errors.add(
                        p + ": DEFERRED_ERASE follows from RETAIN (the retained rows are deleted by their handles when"
                                + " retention ends); do not declare it");
                continue;
            }
            Treatment treatment = treatment(p, action, e.getValue());
            if (treatment != null) {
                actions.put(action, treatment);
            }
        }
        String legalBasis = node.path("legal-basis").asText(null);
        Treatment retained = actions.get(Action.RETAIN);
        if (retained != null && !retained.retain().bookkeeping() && legalBasis == null) {
            errors.add(path
                    + ".legal-basis: required when RETAIN keeps rows for a period: it is the outcome's legal basis");
        }
        return table == null ? null : new Category(name, table, id, order, match, actions, legalBasis);
    }

    private Treatment treatment(String path, Action action, JsonNode node) {
        if (action == Action.RETAIN) {
            return retain(path, node);
        }
        if (node.isTextual()) {
            if (!"delete".equals(node.asText())) {
                errors.add(path + ": unknown action '" + node.asText() + "'; 'delete' or a mapping of columns");
                return null;
            }
            if (action != Action.ERASE) {
                errors.add(path + ": 'delete' is only for ERASE");
                return null;
            }
            return new Treatment(true, Map.of());
        }
        if (!node.isObject() || node.isEmpty()) {
            errors.add(path + ": 'delete' or a mapping of columns to null, mask, keyed-hash, generalise-ip, keep,"
                    + " now, restrict-flag");
            return null;
        }
        if (action == Action.ERASE) {
            errors.add(path + ": ERASE deletes rows ('delete'); changing columns is ANONYMISE");
            return null;
        }
        boolean flagAction = action == Action.RESTRICT || action == Action.LIFT_RESTRICTION;
        Map<String, ColumnAction> columns = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path + ".columns[" + e.getKey() + "]";
            ColumnAction ca = e.getValue().isNull()
                    ? ColumnAction.NULL
                    : ColumnAction.parse(e.getValue().asText());
            if (!SQL_NAME.matcher(e.getKey()).matches()) {
                errors.add(p + ": not a column name");
            } else if (ca == null) {
                errors.add(p + ": unknown action '" + e.getValue().asText() + "'");
            } else if (flagAction != (ca == ColumnAction.RESTRICT_FLAG)) {
                errors.add(p + ": "
                        + (flagAction
                                ? action + " only sets restrict-flag columns"
                                : "restrict-flag is only for RESTRICT and LIFT_RESTRICTION"));
            } else {
                columns.put(e.getKey(), ca);
            }
        }
        return new Treatment(false, columns);
    }

    /**
     * {@code RETAIN: {retain-until: bookkeeping | P2Y, date-column: c, fiscal-year-end: "12-31" | {SE: "12-31"},
     * restrict: flag, until-column: d, pseudonym-column: p, with-dependents: [t], delete-orphaned: [t]}}.
     */
    private Treatment retain(String path, JsonNode node) {
        if (!node.isObject()) {
            errors.add(path + ": a mapping with retain-until (bookkeeping or a period such as P2Y) and date-column");
            return null;
        }
        unknownFields(node, RETAIN_FIELDS, path + ".");
        String rule = node.path("retain-until").asText(null);
        boolean bookkeeping = "bookkeeping".equals(rule);
        java.time.Period period = null;
        if (rule == null) {
            errors.add(path + ".retain-until: required: bookkeeping, or a period such as P2Y");
        } else if (!bookkeeping) {
            try {
                period = java.time.Period.parse(rule);
                if (period.isNegative() || period.isZero()) {
                    errors.add(path + ".retain-until: the period must be positive");
                }
            } catch (java.time.format.DateTimeParseException e) {
                errors.add(path + ".retain-until: '" + rule + "' is neither bookkeeping nor a period such as P2Y");
            }
        }
        String dateColumn = sqlName(node, "date-column", path);
        Map<Jurisdiction, java.time.MonthDay> fiscalYearEnds = new java.util.EnumMap<>(Jurisdiction.class);
        if (node.has("fiscal-year-end")) {
            if (!bookkeeping) {
                errors.add(path + ".fiscal-year-end: only for retain-until: bookkeeping");
            }
            fiscalYearEnds(path + ".fiscal-year-end", node.get("fiscal-year-end"), fiscalYearEnds);
        }
        String restrict = node.has("restrict") ? sqlName(node, "restrict", path) : null;
        String until = node.has("until-column") ? sqlName(node, "until-column", path) : null;
        String pseudonym = node.has("pseudonym-column") ? sqlName(node, "pseudonym-column", path) : null;
        List<String> dependents = tables(node, "with-dependents", path);
        List<String> orphaned = tables(node, "delete-orphaned", path);
        return new Treatment(
                false,
                Map.of(),
                new DataMap.Retain(
                        bookkeeping,
                        period,
                        dateColumn,
                        fiscalYearEnds,
                        restrict,
                        until,
                        pseudonym,
                        dependents,
                        orphaned));
    }

    /** {@code "06-30"} for every jurisdiction, or {@code {SE: "12-31", DK: "06-30"}} (one not given: 12-31). */
    private void fiscalYearEnds(String path, JsonNode value, Map<Jurisdiction, java.time.MonthDay> ends) {
        if (value.isTextual()) {
            try {
                java.time.MonthDay end = RetentionRules.parseFiscalYearEnd(path, value.asText());
                for (Jurisdiction j : Jurisdiction.values()) {
                    ends.put(j, end);
                }
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
            return;
        }
        if (!value.isObject() || value.isEmpty()) {
            errors.add(path + ": MM-dd, or a mapping of jurisdiction to MM-dd, e.g. { SE: \"12-31\", DK: \"06-30\" }");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path + "[" + e.getKey() + "]";
            Jurisdiction jurisdiction = jurisdiction(e.getKey());
            if (jurisdiction == null) {
                errors.add(p + ": unknown jurisdiction; one of " + java.util.Arrays.toString(Jurisdiction.values()));
                continue;
            }
            if (!e.getValue().isTextual()) {
                errors.add(p + ": fiscal-year end must be MM-dd, e.g. 12-31 or 06-30");
                continue;
            }
            try {
                ends.put(
                        jurisdiction,
                        RetentionRules.parseFiscalYearEnd(p, e.getValue().asText()));
            } catch (IllegalArgumentException ex) {
                errors.add(ex.getMessage());
            }
        }
    }

    /** A list of table names, each once: {@code [invoice_lines, payments]}. */
    private List<String> tables(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null) {
            return List.of();
        }
        String p = path + "." + field;
        if (!value.isArray() || value.isEmpty()) {
            errors.add(p + ": a list of tables, e.g. [invoice_lines, payments]");
            return List.of();
        }
        List<String> tables = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String table = value.get(i).isTextual() ? value.get(i).asText() : String.valueOf(value.get(i));
            if (!value.get(i).isTextual() || !SQL_NAME.matcher(table).matches()) {
                errors.add(p + "[" + i + "]: '" + table + "' is not a lower-case SQL name");
            } else if (tables.contains(table)) {
                errors.add(p + "[" + i + "]: " + table + " is listed twice");
            } else {
                tables.add(table);
            }
        }
        return tables;
    }

    private String sqlName(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            errors.add(path + "." + field + ": required");
            return null;
        }
        if (!SQL_NAME.matcher(value.asText()).matches()) {
            errors.add(path + "." + field + ": '" + value.asText() + "' is not a lower-case SQL name");
            return null;
        }
        return value.asText();
    }

    private void unknownFields(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                errors.add(prefix + field + ": unknown field; expected one of "
                        + known.stream().sorted().toList());
            }
        }
    }

    static IdentifierType identifierType(String value) {
        try {
            return IdentifierType.valueOf(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static Jurisdiction jurisdiction(String value) {
        try {
            return Jurisdiction.valueOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Action action(String value) {
        try {
            return Action.valueOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
