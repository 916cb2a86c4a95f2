package org.dsr.connector.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one processor's settings and collects one line per bad one ({@code processors[pagila].settings.url:
 * required}), so the connector can refuse to start naming every problem at once. Secrets are never inline: a secret
 * setting is {@code {env: NAME}} or {@code {file: PATH}}, read here; a missing variable or file is an error.
 */
public final class Settings {

    private final ProcessorEntry entry;
    private final JsonNode node;
    private final String prefix;
    private final List<String> errors;
    private final Function<String, String> environment;

    Settings(
            ProcessorEntry entry,
            JsonNode node,
            String prefix,
            List<String> errors,
            Function<String, String> environment) {
        this.entry = entry;
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
        this.environment = environment;
    }

    /** The settings of one entry, reporting into {@code errors}. */
    public static Settings of(ProcessorEntry entry, List<String> errors, Function<String, String> environment) {
        return new Settings(entry, entry.settings(), entry.path() + ".settings", errors, environment);
    }

    public ProcessorEntry entry() {
        return entry;
    }

    public JsonNode node() {
        return node;
    }

    /** Settings nested under {@code field} (a mapping), or an empty mapping. */
    public Settings nested(String field) {
        JsonNode child = node.path(field);
        if (!child.isMissingNode() && !child.isObject()) {
            error(field, "must be a mapping");
        }
        return new Settings(
                entry,
                child.isObject() ? child : com.fasterxml.jackson.databind.node.MissingNode.getInstance(),
                prefix + "." + field,
                errors,
                environment);
    }

    /** Refuses fields a kind does not know (a typo must not silently turn a setting off). */
    public void onlyFields(Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                error(
                        field,
                        "unknown setting; expected one of "
                                + known.stream().sorted().toList());
            }
        }
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    public String string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            error(field, "required");
            return null;
        }
        if (value.isObject() && (value.has("env") || value.has("file"))) {
            return secret(field);
        }
        if (!value.isValueNode()) {
            error(field, "must be a text");
            return null;
        }
        return value.asText();
    }

    public String string(String field, String fallback) {
        return has(field) ? string(field) : fallback;
    }

    public int integer(String field, int fallback, int min, int max) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            error(field, "must be a whole number from " + min + " to " + max);
            return fallback;
        }
        return value.asInt();
    }

    public Duration duration(String field, Duration fallback) {
        if (!has(field)) {
            return fallback;
        }
        String text = node.get(field).asText();
        try {
            Duration d = Duration.parse(text.startsWith("P") || text.startsWith("p") ? text : "PT" + text);
            if (d.isNegative() || d.isZero()) {
                error(field, "must be positive");
                return fallback;
            }
            return d;
        } catch (DateTimeParseException e) {
            error(field, "'" + text + "' is not a duration (e.g. 30s, 5m, PT1H)");
            return fallback;
        }
    }

    /** An absolute http(s) URL. */
    public URI url(String field) {
        String text = string(field);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                error(field, "must be an absolute http or https URL");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            error(field, "not a URL");
            return null;
        }
    }

    /** A file relative to the connectors file (or absolute) that must exist. */
    public Path file(String field) {
        String text = string(field);
        if (text == null) {
            return null;
        }
        Path path = entry.baseDir().resolve(text).normalize();
        if (!Files.isRegularFile(path)) {
            error(field, "file " + path + " does not exist");
            return null;
        }
        return path;
    }

    /**
     * A secret: {@code {env: NAME}} or {@code {file: PATH}}; inline text is refused so that a secret never ends up in
     * the file, its history or its review.
     */
    public String secret(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            error(field, "required (a secret: {env: NAME} or {file: PATH})");
            return null;
        }
        if (!value.isObject() || value.size() != 1 || !(value.has("env") || value.has("file"))) {
            error(field, "a secret is never inline: give {env: NAME} or {file: PATH}");
            return null;
        }
        if (value.has("env")) {
            String name = value.get("env").asText();
            String secret = environment.apply(name);
            if (secret == null || secret.isEmpty()) {
                error(field, "environment variable " + name + " is not set");
                return null;
            }
            return secret;
        }
        Path path = entry.baseDir().resolve(value.get("file").asText()).normalize();
        try {
            String secret = Files.readString(path).strip();
            if (secret.isEmpty()) {
                error(field, "secret file " + path + " is empty");
                return null;
            }
            return secret;
        } catch (IOException e) {
            error(field, "secret file " + path + " cannot be read");
            return null;
        }
    }

    /** A mapping of text to text (e.g. headers), secrets allowed as values. */
    public Map<String, String> strings(String field) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Settings nested = nested(field);
        for (Iterator<String> it = nested.node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            String value = nested.string(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    public void error(String field, String message) {
        errors.add(prefix + "." + field + ": " + message);
    }

    /** An error about the entry as a whole, e.g. a database that cannot be reached at start. */
    public void entryError(String message) {
        errors.add(entry.path() + ": " + message);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** How many errors have been reported so far (to tell whether one entry added any). */
    public int errorCount() {
        return errors.size();
    }

    static List<String> newErrors() {
        return new ArrayList<>();
    }
}
