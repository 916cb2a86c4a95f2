package org.dsr.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code --profile}: a JFR recording ({@code settings=profile}) of each service JVM during the measured window, started
 * and dumped with {@code jcmd}; then the hottest methods by {@code jdk.ExecutionSample} (top frame) per service.
 */
public final class JfrProfiler {

    private static final String RECORDING = "dsr-bench";

    private final List<String> services;
    private final Function<String, OptionalLong> pids;
    private final Path dir;
    private final String prefix;
    private final Map<String, Path> files = new LinkedHashMap<>();

    public JfrProfiler(List<String> services, Function<String, OptionalLong> pids, Path dir, String prefix) {
        this.services = services;
        this.pids = pids;
        this.dir = dir;
        this.prefix = prefix;
    }

    public void start() {
        for (String s : services) {
            OptionalLong pid = pids.apply(s);
            if (pid.isPresent()) {
                String out = jcmd(pid.getAsLong(), "JFR.start", "name=" + RECORDING, "settings=profile");
                if (!out.contains("Started recording")) {
                    System.err.println("profile: JFR.start on " + s + " failed: " + firstLine(out));
                }
            }
        }
    }

    /** Dumps and stops every recording; returns the files written. */
    public Map<String, Path> stop() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String s : services) {
            OptionalLong pid = pids.apply(s);
            if (pid.isEmpty()) {
                continue;
            }
            Path file = dir.resolve(prefix + "-" + s + ".jfr").toAbsolutePath();
            String out = jcmd(pid.getAsLong(), "JFR.dump", "name=" + RECORDING, "filename=" + file);
            jcmd(pid.getAsLong(), "JFR.stop", "name=" + RECORDING);
            if (Files.isRegularFile(file)) {
                files.put(s, file);
            } else {
                System.err.println("profile: JFR.dump on " + s + " failed: " + firstLine(out));
            }
        }
        return files;
    }

    /** Method (class.method) → number of execution samples where it was the top frame. */
    public static Map<String, Long> topFrames(Path jfr) throws IOException {
        return frames(jfr, null);
    }

    /**
     * With {@code appPrefix}: the first frame from the top whose class starts with it (our own code that is on CPU,
     * directly or through the libraries it calls); samples without such a frame are left out.
     */
    public static Map<String, Long> frames(Path jfr, String appPrefix) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!"jdk.ExecutionSample".equals(e.getEventType().getName())) {
                    continue;
                }
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                RecordedFrame chosen = null;
                for (RecordedFrame f : st.getFrames()) {
                    if (appPrefix == null || f.getMethod().getType().getName().startsWith(appPrefix)) {
                        chosen = f;
                        break;
                    }
                }
                if (chosen != null) {
                    String method = chosen.getMethod().getType().getName() + "."
                            + chosen.getMethod().getName();
                    counts.merge(method, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /** The {@code n} largest entries, largest first. */
    public static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int n) {
        List<Map.Entry<String, Long>> list = new ArrayList<>(counts.entrySet());
        list.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return list.subList(0, Math.min(n, list.size()));
    }

    /** Prints the top methods per service and returns them as JSON {service: {file, samples, top: [...]}}. */
    public ObjectNode report(int n) {
        ObjectNode root = Report.MAPPER.createObjectNode();
        for (var e : files.entrySet()) {
            try {
                Map<String, Long> counts = topFrames(e.getValue());
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                ObjectNode svc = root.putObject(e.getKey());
                svc.put("file", e.getValue().toString());
                svc.put("execution_samples", total);
                ArrayNode top = svc.putArray("top_methods");
                System.out.printf("profile %s: %d execution samples, %s%n", e.getKey(), total, e.getValue());
                for (var m : top(counts, n)) {
                    double pct = total == 0 ? 0 : 100.0 * m.getValue() / total;
                    top.addObject()
                            .put("method", m.getKey())
                            .put("samples", m.getValue())
                            .put("pct", Report.round(pct, 1));
                    System.out.printf("  %5.1f%%  %6d  %s%n", pct, m.getValue(), m.getKey());
                }
                Map<String, Long> app = frames(e.getValue(), "org.dsr.");
                ArrayNode appTop = svc.putArray("top_org_dsr_frames");
                System.out.println("  first org.dsr frame on the stack:");
                for (var m : top(app, 5)) {
                    double pct = total == 0 ? 0 : 100.0 * m.getValue() / total;
                    appTop.addObject()
                            .put("method", m.getKey())
                            .put("samples", m.getValue())
                            .put("pct", Report.round(pct, 1));
                    System.out.printf("  %5.1f%%  %6d  %s%n", pct, m.getValue(), m.getKey());
                }
            } catch (IOException | RuntimeException ex) {
                System.err.println("profile: cannot read " + e.getValue() + ": " + ex.getMessage());
            }
        }
        return root;
    }

    private static String jcmd(long pid, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(String.valueOf(pid));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " ...";
    }
}
