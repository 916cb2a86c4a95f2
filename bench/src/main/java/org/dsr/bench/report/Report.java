package org.dsr.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON result of a bench command: one file per run under {@code bench/results/<timestamp>-<label>.json}. */
public final class Report {

    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Report() {}

    public static ObjectNode newResult(String command, String label, Instant startedAt) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("command", command);
        root.put("label", label);
        root.put("started_at", startedAt.toString());
        return root;
    }

    /** {@code <timestamp>-<label>.json}, the label reduced to {@code [A-Za-z0-9._-]}. */
    public static String fileName(Instant at, String label) {
        String safe = label == null || label.isBlank() ? "run" : label.replaceAll("[^A-Za-z0-9._-]+", "-");
        return STAMP.format(at) + "-" + safe + ".json";
    }

    public static Path write(Path resultsDir, Instant at, String label, ObjectNode result) {
        try {
            Files.createDirectories(resultsDir);
            Path file = resultsDir.resolve(fileName(at, label));
            MAPPER.writeValue(file.toFile(), result);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("writing result JSON", e);
        }
    }

    public static double round(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /**
     * The share of a ceiling one saga rate uses: {@code perSaga × sagasPerSecond ÷ ceilingPerSecond}. NaN when the
     * ceiling is unknown.
     */
    public static double ceilingRatio(double perSaga, double sagasPerSecond, double ceilingPerSecond) {
        if (!(ceilingPerSecond > 0) || Double.isNaN(perSaga) || Double.isNaN(sagasPerSecond)) {
            return Double.NaN;
        }
        return perSaga * sagasPerSecond / ceilingPerSecond;
    }

    /** Count per completed saga (NaN when nothing completed). */
    public static double perSaga(long count, long sagas) {
        return sagas <= 0 ? Double.NaN : count / (double) sagas;
    }

    /** Events per second over a span of nanoseconds ({@code count} events, NaN when the span is empty). */
    public static double rate(long count, long spanNanos) {
        return spanNanos <= 0 ? Double.NaN : count * 1e9 / spanNanos;
    }
}
