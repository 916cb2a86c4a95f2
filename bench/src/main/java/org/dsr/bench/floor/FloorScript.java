package org.dsr.bench.floor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One store's erasure written as plain SQL ({@code bench/src/main/resources/floor/<store>.sql}): statements separated
 * by a semicolon at the end of a line, whole-line {@code --} comments. The last statement returns the columns
 * {@code matched} (subjects of the batch the store holds) and {@code remaining} (their rows left after the erasure).
 */
public record FloorScript(String store, String database, List<String> statements) {

    public FloorScript {
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("floor script " + store + " has no statements");
        }
        statements = List.copyOf(statements);
    }

    /** The four sample adapters, each with the database its store lives in. */
    public static List<FloorScript> adapters() {
        return List.of(
                load("hosting", "hosting"),
                load("email-delivery", "email_delivery"),
                load("analytics", "analytics"),
                load("payments", "payments"));
    }

    static FloorScript load(String store, String database) {
        String resource = "/floor/" + store + ".sql";
        try (InputStream in = FloorScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new FloorScript(store, database, parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    static List<String> parse(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (current.length() > 0) {
                current.append('\n');
            }
            if (trimmed.endsWith(";")) {
                current.append(line, 0, line.lastIndexOf(';'));
                statements.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(line);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
