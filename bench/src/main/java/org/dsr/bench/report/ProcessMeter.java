package org.dsr.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * CPU and memory of every component over a window: a reading at {@link #start()}, one at {@link #stop()}, and a
 * background sample every interval that keeps the peak RSS and (optionally) a timeline.
 */
public final class ProcessMeter implements AutoCloseable {

    /** Components metered as a whole process tree (PostgreSQL forks a backend per connection). */
    private final List<String> treeComponents;

    private final List<String> components;
    private final Function<String, OptionalLong> pids;
    private final ProcStats proc;
    private final long intervalMillis;
    private final Map<String, ProcStats.Usage> first = new LinkedHashMap<>();
    private final Map<String, ProcStats.Usage> last = new LinkedHashMap<>();
    private final Map<String, Long> peakRssKb = new ConcurrentHashMap<>();
    private final List<Sample> timeline = new ArrayList<>();
    private final boolean keepTimeline;
    private long startNanos;
    private long stopNanos;
    private Thread sampler;
    private volatile boolean running;

    /** One background reading: seconds since start, RSS in kB per component. */
    public record Sample(double atSeconds, Map<String, Long> rssKb) {}

    public ProcessMeter(
            List<String> components,
            List<String> treeComponents,
            Function<String, OptionalLong> pids,
            ProcStats proc,
            long intervalMillis,
            boolean keepTimeline) {
        this.components = List.copyOf(components);
        this.treeComponents = List.copyOf(treeComponents);
        this.pids = pids;
        this.proc = proc;
        this.intervalMillis = intervalMillis;
        this.keepTimeline = keepTimeline;
    }

    public Map<String, ProcStats.Usage> read() {
        Map<String, ProcStats.Usage> now = new LinkedHashMap<>();
        for (String c : components) {
            OptionalLong pid = pids.apply(c);
            if (pid.isEmpty()) {
                now.put(c, ProcStats.Usage.NONE);
            } else if (treeComponents.contains(c)) {
                now.put(c, proc.tree(pid.getAsLong()));
            } else {
                now.put(c, proc.process(pid.getAsLong()));
            }
        }
        now.put("bench", proc.process(ProcessHandle.current().pid()));
        return now;
    }

    public synchronized void start() {
        first.putAll(read());
        startNanos = System.nanoTime();
        first.forEach((c, u) -> peakRssKb.merge(c, u.rssKb(), Math::max));
        running = true;
        sampler = new Thread(this::sampleLoop, "bench-process-meter");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sampleLoop() {
        while (running) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            sampleOnce();
        }
    }

    private void sampleOnce() {
        Map<String, ProcStats.Usage> now = read();
        Map<String, Long> rss = new LinkedHashMap<>();
        now.forEach((c, u) -> {
            peakRssKb.merge(c, u.rssKb(), Math::max);
            rss.put(c, u.rssKb());
        });
        if (keepTimeline) {
            synchronized (timeline) {
                timeline.add(new Sample((System.nanoTime() - startNanos) / 1e9, rss));
            }
        }
    }

    public synchronized void stop() {
        running = false;
        if (sampler != null) {
            sampler.interrupt();
            try {
                sampler.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        last.putAll(read());
        stopNanos = System.nanoTime();
        last.forEach((c, u) -> peakRssKb.merge(c, u.rssKb(), Math::max));
    }

    @Override
    public void close() {
        if (running) {
            stop();
        }
    }

    public List<Sample> timeline() {
        synchronized (timeline) {
            return List.copyOf(timeline);
        }
    }

    public double windowSeconds() {
        return (stopNanos - startNanos) / 1e9;
    }

    /** CPU seconds used in the window per component. */
    public Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        last.forEach((c, u) -> {
            ProcStats.Usage before = first.getOrDefault(c, ProcStats.Usage.NONE);
            cpu.put(c, proc.seconds(Math.max(0, u.cpuTicks() - before.cpuTicks())));
        });
        return cpu;
    }

    /** {@code processes: {name: {cpu_s, cpu_pct_of_one_core, rss_peak_mb, rss_final_mb, ...}}} */
    public ObjectNode toJson() {
        ObjectNode root = Report.MAPPER.createObjectNode();
        double window = windowSeconds();
        Map<String, Double> cpu = cpuSeconds();
        double total = 0;
        for (var e : last.entrySet()) {
            String c = e.getKey();
            ProcStats.Usage u = e.getValue();
            ObjectNode n = root.putObject(c);
            double cpuS = cpu.getOrDefault(c, 0.0);
            if (!"bench".equals(c)) {
                total += cpuS;
            }
            n.put("cpu_s", Report.round(cpuS, 2));
            n.put("cpu_pct_of_one_core", window > 0 ? Report.round(100 * cpuS / window, 1) : 0);
            n.put("rss_peak_mb", Report.round(peakRssKb.getOrDefault(c, 0L) / 1024.0, 1));
            n.put("rss_final_mb", Report.round(u.rssKb() / 1024.0, 1));
            if (treeComponents.contains(c)) {
                n.put("pss_final_mb", Report.round(u.pssKb() / 1024.0, 1));
                n.put("processes", u.processes());
            }
        }
        root.putObject("all_components")
                .put("cpu_s", Report.round(total, 2))
                .put("cpu_pct_of_one_core", window > 0 ? Report.round(100 * total / window, 1) : 0);
        return root;
    }

    /** A table: name, CPU s, % of one core, peak and final RSS. */
    public String render() {
        StringBuilder sb = new StringBuilder(
                String.format("  %-22s %9s %8s %12s %12s%n", "process", "cpu s", "cpu %", "rss peak MB", "rss end MB"));
        double window = windowSeconds();
        Map<String, Double> cpu = cpuSeconds();
        last.forEach((c, u) -> sb.append(String.format(
                "  %-22s %9.1f %8.0f %12.0f %12.0f%n",
                c,
                cpu.getOrDefault(c, 0.0),
                window > 0 ? 100 * cpu.getOrDefault(c, 0.0) / window : 0,
                peakRssKb.getOrDefault(c, 0L) / 1024.0,
                u.rssKb() / 1024.0)));
        return sb.toString();
    }

    public Map<String, Long> peakRssKb() {
        return Map.copyOf(peakRssKb);
    }
}
