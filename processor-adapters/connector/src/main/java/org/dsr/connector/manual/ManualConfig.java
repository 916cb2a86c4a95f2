package org.dsr.connector.manual;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import org.dsr.adapter.kit.OutcomeRules;
import org.dsr.connector.config.Settings;
import org.dsr.contracts.event.Action;

/**
 * One manual processor's settings, read and checked at start (docs/connectors/manual.md).
 *
 * @param vendor        the vendor's name, shown on the task and in the evidence ({@code manual: <vendor>})
 * @param contact       how to reach the vendor (a privacy desk's address, a portal); never a secret
 * @param instructions  what to ask, a template with {@link #PLACEHOLDERS}; no placeholder yields an identifier
 * @param categories    the categories, each with the actions an operator can have the vendor carry out and the
 *                      category's own instructions (may be empty)
 * @param respondWithin how long the vendor is given: the task's respond-by is the command's arrival plus this
 * @param remindEvery   once overdue, how often the task is reminded again
 */
public record ManualConfig(
        String vendor,
        String contact,
        String instructions,
        Map<String, Category> categories,
        Duration respondWithin,
        Duration remindEvery) {

    /** A category's actions and its own instructions (empty when the general ones suffice). */
    public record Category(Set<Action> actions, String instructions) {}

    static final Set<String> FIELDS =
            Set.of("vendor", "contact", "instructions", "categories", "respond-within", "remind-every");
    static final Set<String> CATEGORY_FIELDS = Set.of("actions", "instructions");

    /**
     * What an instructions template may name. The subject's identifiers are deliberately not among them: the task
     * tells which identifier types to give the vendor; the operator finds the values through the request itself.
     */
    static final Set<String> PLACEHOLDERS = Set.of(
            "vendor",
            "taskId",
            "requestId",
            "requestType",
            "jurisdiction",
            "categories",
            "identifierTypes",
            "respondBy");

    static final Duration DEFAULT_RESPOND_WITHIN = Duration.ofDays(7);
    static final Duration DEFAULT_REMIND_EVERY = Duration.ofDays(1);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)\\}");
    private static final Pattern CATEGORY_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** Reads the settings; null when any is bad (each reported through {@code settings}). */
    static ManualConfig read(Settings settings) {
        int before = settings.errorCount();
        settings.onlyFields(FIELDS);
        String vendor = text(settings, "vendor", 200);
        String contact = text(settings, "contact", 500);
        String instructions = template(settings, "instructions");
        Map<String, Category> categories = categories(settings);
        Duration respondWithin = settings.duration("respond-within", DEFAULT_RESPOND_WITHIN);
        Duration remindEvery = settings.duration("remind-every", DEFAULT_REMIND_EVERY);
        if (settings.errorCount() != before) {
            return null;
        }
        return new ManualConfig(vendor, contact, instructions, categories, respondWithin, remindEvery);
    }

    private static String text(Settings settings, String field, int max) {
        if (settings.has(field) && !settings.node().get(field).isTextual()) {
            settings.error(field, "must be a text");
            return null;
        }
        String value = settings.string(field);
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > max) {
            settings.error(field, "must be a text of 1 to " + max + " characters");
            return null;
        }
        return value.strip();
    }

    /** A template whose placeholders are all known ({@link #PLACEHOLDERS}). */
    private static String template(Settings settings, String field) {
        String value = text(settings, field, 4000);
        if (value == null) {
            return null;
        }
        Set<String> unknown = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                unknown.add("{" + m.group(1) + "}");
            }
        }
        if (!unknown.isEmpty()) {
            settings.error(
                    field,
                    "unknown placeholder(s) " + unknown + "; expected any of "
                            + new TreeSet<>(PLACEHOLDERS)
                                    .stream().map(p -> "{" + p + "}").toList()
                            + " (the subject's identifiers are never put in a task)");
            return null;
        }
        return value;
    }

    private static Map<String, Category> categories(Settings settings) {
        if (!settings.has("categories")
                || !settings.node().get("categories").isObject()
                || settings.node().get("categories").isEmpty()) {
            settings.error(
                    "categories",
                    "required: a mapping of category to its actions, e.g. newsletter:" + " {actions: [ERASE]}");
            return Map.of();
        }
        Map<String, Category> out = new LinkedHashMap<>();
        Settings all = settings.nested("categories");
        for (Iterator<String> it = all.node().fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!CATEGORY_NAME.matcher(name).matches()) {
                all.error(OutcomeRules.printable(name), "not a category name (lower case letters, digits, . _ -)");
                continue;
            }
            Settings category = all.nested(name);
            category.onlyFields(CATEGORY_FIELDS);
            Set<Action> actions = actions(category);
            String instructions = category.has("instructions") ? template(category, "instructions") : "";
            if (actions != null && instructions != null) {
                out.put(name, new Category(Collections.unmodifiableSet(actions), instructions));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static Set<Action> actions(Settings category) {
        JsonNode node = category.node().get("actions");
        if (node == null || !node.isArray() || node.isEmpty()) {
            category.error("actions", "required: a list of " + java.util.Arrays.toString(Action.values()));
            return null;
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (JsonNode a : node) {
            try {
                actions.add(Action.valueOf(a.asText()));
            } catch (IllegalArgumentException e) {
                category.error(
                        "actions",
                        "'" + OutcomeRules.printable(a.asText()) + "' is not one of "
                                + java.util.Arrays.toString(Action.values()));
                return null;
            }
        }
        return actions;
    }
}
