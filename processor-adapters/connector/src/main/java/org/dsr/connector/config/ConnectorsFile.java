package org.dsr.connector.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The connectors file: every processor this connector hosts, by name, with its kind and settings.
 *
 * <pre>
 * processors:
 *   pagila:
 *     kind: sql
 *     settings:
 *       url: postgresql://db.internal:5432/pagila
 *       username: dsr_connector
 *       password: { env: PAGILA_DB_PASSWORD }
 *       data-map: pagila-data-map.yaml
 * </pre>
 *
 * This class checks the structure (names, kinds, duplicates); each kind checks its own settings.
 */
public final class ConnectorsFile {

    /** Processor names are also topic and key-file names. */
    public static final Pattern PROCESSOR_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private static final Set<String> TOP = Set.of("processors");
    private static final Set<String> ENTRY = Set.of("kind", "settings");
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConnectorsFile() {}

    /** Reads the file; structural errors are thrown together as {@link ConfigErrors}. */
    public static List<ProcessorEntry> read(Path file, Set<String> knownKinds) {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigErrors(file.toString(), List.of("(file): cannot be read"));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(yaml, file.toString(), base, knownKinds);
    }

    public static List<ProcessorEntry> parse(String yaml, String source, Path baseDir, Set<String> knownKinds) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            String message = e.getMessage() == null
                    ? ""
                    : e.getMessage().lines().findFirst().orElse("");
            throw new ConfigErrors(source, List.of("(file): not valid YAML: " + message));
        }
        List<String> errors = new ArrayList<>();
        List<ProcessorEntry> entries = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new ConfigErrors(source, List.of("(file): must be a mapping with processors"));
        }
        unknown(root, TOP, "", errors);
        JsonNode processors = root.path("processors");
        if (!processors.isObject() || processors.isEmpty()) {
            errors.add("processors: must name at least one processor");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = processors.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "processors[" + e.getKey() + "]";
            JsonNode node = e.getValue();
            if (!PROCESSOR_NAME.matcher(e.getKey()).matches()) {
                errors.add(path + ": processor names are lower-case letters, digits and - (they name topics)");
                continue;
            }
            if (!node.isObject()) {
                errors.add(path + ": must be a mapping with kind and settings");
                continue;
            }
            unknown(node, ENTRY, path + ".", errors);
            String kind = node.path("kind").asText(null);
            if (kind == null) {
                errors.add(path + ".kind: required; one of "
                        + knownKinds.stream().sorted().toList());
                continue;
            }
            if (!knownKinds.contains(kind)) {
                errors.add(path + ".kind: unknown kind '" + printable(kind) + "'; one of "
                        + knownKinds.stream().sorted().toList());
                continue;
            }
            JsonNode settings = node.path("settings");
            if (!settings.isMissingNode() && !settings.isObject()) {
                errors.add(path + ".settings: must be a mapping");
                continue;
            }
            entries.add(new ProcessorEntry(
                    e.getKey(),
                    kind,
                    settings.isObject() ? settings : JsonNodeFactory.instance.objectNode(),
                    path,
                    baseDir));
        }
        if (!errors.isEmpty()) {
            throw new ConfigErrors(source, errors);
        }
        return List.copyOf(entries);
    }

    private static void unknown(JsonNode node, Set<String> known, String prefix, List<String> errors) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                errors.add(prefix + printable(field) + ": unknown field; expected one of "
                        + known.stream().sorted().toList());
            }
        }
    }

    static String printable(String text) {
        return text.matches("[A-Za-z0-9._\\-]{1,64}") ? text : "(unprintable)";
    }
}
