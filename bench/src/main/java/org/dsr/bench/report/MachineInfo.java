package org.dsr.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a result was measured: CPUs, memory, CPU model, JVM and the git commit of the code under test. */
public final class MachineInfo {

    private MachineInfo() {}

    public static ObjectNode collect(Path repoRoot) {
        ObjectNode n = Report.MAPPER.createObjectNode();
        n.put("nproc", Runtime.getRuntime().availableProcessors());
        OptionalLong mem = ProcStats.kbField(read("/proc/meminfo"), "MemTotal");
        n.put("mem_total_mb", mem.isPresent() ? mem.getAsLong() / 1024 : -1);
        n.put("cpu_model", cpuModel(read("/proc/cpuinfo")));
        String[] load = read("/proc/loadavg").trim().split("\\s+");
        // the machine may be shared: a load far above nproc makes every figure of the run a lower bound
        n.put("load_avg_1m_at_start", load.length > 0 && !load[0].isEmpty() ? Double.parseDouble(load[0]) : -1);
        n.put("java_version", System.getProperty("java.version"));
        n.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        n.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        String commit = git(repoRoot, "rev-parse", "HEAD");
        n.put("git_commit", commit.isBlank() ? "unknown" : commit);
        n.put(
                "git_dirty",
                !git(repoRoot, "status", "--porcelain", "--untracked-files=no").isBlank());
        return n;
    }

    /** Collects the machine info into {@code result.machine} and prints it on one line. */
    public static void addTo(ObjectNode result, Path repoRoot) {
        ObjectNode machine = collect(repoRoot);
        result.set("machine", machine);
        System.out.println("machine: " + render(machine));
    }

    /** The first {@code model name} of {@code /proc/cpuinfo} ("unknown" when absent). */
    public static String cpuModel(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("model name")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        return "unknown";
    }

    public static String render(ObjectNode machine) {
        return String.format(
                "%d CPUs (%s), %d MB, load %.1f, Java %s, commit %s%s",
                machine.path("nproc").asInt(),
                machine.path("cpu_model").asText(),
                machine.path("mem_total_mb").asLong(),
                machine.path("load_avg_1m_at_start").asDouble(),
                machine.path("java_version").asText(),
                abbreviate(machine.path("git_commit").asText()),
                machine.path("git_dirty").asBoolean() ? " (uncommitted changes)" : "");
    }

    private static String abbreviate(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }

    private static String git(Path dir, String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(false)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "";
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
