package org.dsr.bench.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Reads CPU time and memory of a process (or a process tree) from {@code /proc}. Pure parsing is static and tested. */
public final class ProcStats {

    /** Fields of {@code /proc/<pid>/stat} the bench needs (times in clock ticks). */
    public record Stat(long pid, char state, long ppid, long utime, long stime, long cutime, long cstime) {

        public long cpuTicks() {
            return utime + stime;
        }
    }

    /** One reading of one component: CPU ticks (own + reaped children for a tree root), resident set, processes. */
    public record Usage(long cpuTicks, long rssKb, long pssKb, int processes) {

        public static final Usage NONE = new Usage(0, 0, 0, 0);
    }

    private final Path proc;
    private final long ticksPerSecond;

    public ProcStats(Path proc, long ticksPerSecond) {
        this.proc = proc;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The real {@code /proc} with this machine's clock tick ({@code getconf CLK_TCK}, 100 if unknown). */
    public static ProcStats system() {
        return new ProcStats(Path.of("/proc"), clockTicks());
    }

    public long ticksPerSecond() {
        return ticksPerSecond;
    }

    public double seconds(long ticks) {
        return ticks / (double) ticksPerSecond;
    }

    /**
     * Parses {@code /proc/<pid>/stat}. The command name (field 2) is in parentheses and may itself contain spaces and
     * parentheses, so fields are counted from the last ')'.
     */
    public static Stat parseStat(String content) {
        int open = content.indexOf('(');
        int close = content.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line");
        }
        long pid = Long.parseLong(content.substring(0, open).trim());
        String[] f = content.substring(close + 2).trim().split("\\s+");
        // f[0] = field 3 (state), f[1] = field 4 (ppid), f[11..14] = fields 14..17 (utime, stime, cutime, cstime)
        return new Stat(
                pid,
                f[0].charAt(0),
                Long.parseLong(f[1]),
                Long.parseLong(f[11]),
                Long.parseLong(f[12]),
                Long.parseLong(f[13]),
                Long.parseLong(f[14]));
    }

    /** A {@code kB} field ({@code VmRSS}, {@code VmHWM}, {@code Pss}...) of {@code /proc/<pid>/status} or smaps_rollup. */
    public static OptionalLong kbField(String content, String field) {
        for (String line : content.split("\n")) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(parts[0]));
            }
        }
        return OptionalLong.empty();
    }

    /** One process: its own CPU ticks, VmRSS; empty usage when it is gone. */
    public Usage process(long pid) {
        try {
            Stat stat = parseStat(Files.readString(proc.resolve(pid + "/stat")));
            long rss = kbField(Files.readString(proc.resolve(pid + "/status")), "VmRSS")
                    .orElse(0);
            return new Usage(stat.cpuTicks(), rss, pss(pid), 1);
        } catch (IOException | RuntimeException e) {
            return Usage.NONE;
        }
    }

    /**
     * A process and all its descendants (PostgreSQL: the postmaster and every backend and worker). CPU = the ticks of
     * every live process plus the root's {@code cutime + cstime} (backends that exited and were reaped); RSS and PSS
     * are sums (RSS counts shared buffers once per process; PSS shares them out).
     */
    public Usage tree(long rootPid) {
        Map<Long, Stat> all = allStats();
        Stat root = all.get(rootPid);
        if (root == null) {
            return Usage.NONE;
        }
        List<Long> members = descendants(all, rootPid);
        long cpu = root.cutime() + root.cstime();
        long rss = 0;
        long pss = 0;
        for (long pid : members) {
            Stat s = all.get(pid);
            cpu += s.cpuTicks();
            try {
                rss += kbField(Files.readString(proc.resolve(pid + "/status")), "VmRSS")
                        .orElse(0);
            } catch (IOException | RuntimeException e) {
                // exited between the listing and now
            }
            pss += pss(pid);
        }
        return new Usage(cpu, rss, pss, members.size());
    }

    /** The root and every process whose parent chain leads to it. */
    static List<Long> descendants(Map<Long, Stat> all, long rootPid) {
        Map<Long, List<Long>> children = new HashMap<>();
        all.values()
                .forEach(s -> children.computeIfAbsent(s.ppid(), k -> new ArrayList<>())
                        .add(s.pid()));
        List<Long> result = new ArrayList<>();
        List<Long> todo = new ArrayList<>(List.of(rootPid));
        while (!todo.isEmpty()) {
            long pid = todo.remove(todo.size() - 1);
            result.add(pid);
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return result;
    }

    private Map<Long, Stat> allStats() {
        Map<Long, Stat> all = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(
                proc, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path dir : dirs) {
                try {
                    Stat s = parseStat(Files.readString(dir.resolve("stat")));
                    all.put(s.pid(), s);
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all;
    }

    private long pss(long pid) {
        try {
            return kbField(Files.readString(proc.resolve(pid + "/smaps_rollup")), "Pss")
                    .orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
