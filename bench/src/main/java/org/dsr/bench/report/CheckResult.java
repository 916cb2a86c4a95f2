package org.dsr.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON result of a pass/fail harness ({@code ./dsr bench faults}, {@code ./dsr bench poison}): its fields in the
 * order they are added, written to {@code bench/results/<command>-<UTC time>.json}.
 */
public final class CheckResult {

    private final String command;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** Starts the result with {@code command}, {@code seed} and {@code ratePerSecond}. */
    public CheckResult(String command, long seed, double ratePerSecond) {
        this.command = command;
        fields.put("command", command);
        fields.put("seed", seed);
        fields.put("ratePerSecond", ratePerSecond);
    }

    /** Adds (or replaces) one field. */
    public CheckResult with(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /**
     * Adds the outcome: when sending started, how long sending ({@code started} to {@code sent}) and settling
     * ({@code sent} to {@code settled}) took in whole seconds, whether the run passed (no failures), the failures and
     * the report.
     */
    public CheckResult outcome(Instant started, Instant sent, Instant settled, List<String> failures, Object report) {
        fields.put("startedAt", started.toString());
        fields.put("sendingSeconds", Duration.between(started, sent).toSeconds());
        fields.put("settlingSeconds", Duration.between(sent, settled).toSeconds());
        fields.put("passed", failures.isEmpty());
        fields.put("failures", failures);
        fields.put("report", report);
        return this;
    }

    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /** Writes {@code bench/results/<command>-<UTC time now>.json} under {@code repoRoot} and prints its path. */
    public Path write(Path repoRoot) {
        return write(repoRoot, Instant.now());
    }

    Path write(Path repoRoot, Instant at) {
        try {
            Path dir = repoRoot.resolve("bench/results");
            Files.createDirectories(dir);
            Path file = dir.resolve(command + "-" + Report.STAMP.format(at) + ".json");
            Files.writeString(file, Report.MAPPER.writeValueAsString(fields));
            System.out.println("results: " + file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
