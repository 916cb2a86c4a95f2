package org.dsr.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.dsr.localstack.LocalStack.StackException;
import org.dsr.localstack.PidFiles.PidRecord;

/**
 * The stack's processes, whatever they run: each started detached ({@code setsid}) in the state directory with its
 * output appended to {@code logs/<name>.log} and its pid recorded in {@link PidFiles}; stopped with SIGTERM (SIGKILL
 * for whoever outlives 20 s); and one-off tools (initdb, Kafka's storage format) run to their end with their output in
 * a log.
 */
final class DetachedProcesses {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final StackConfig config;
    private final PidFiles pids;

    DetachedProcesses(StackConfig config, PidFiles pids) {
        this.config = config;
        this.pids = pids;
    }

    /** The pid of the component's live process, empty if it does not run. */
    OptionalLong pid(String name) {
        return pids.livePid(name);
    }

    boolean isRunning(String name) {
        return pid(name).isPresent();
    }

    /**
     * Starts {@code setsid <cmd>} detached (own session, stdin /dev/null, output appended to the component's log) and
     * records the pid. setsid execs the command in place (the child is not a group leader), and so does
     * {@code unshare -U}, so the pid is the real process; this is checked against {@code expectedExe}.
     */
    void spawn(String name, List<String> cmd, Map<String, String> env, String expectedExe) {
        Path workDir = config.baseDir();
        StackFiles.mkdirs(config.logsDir());
        StackFiles.mkdirs(config.pidsDir());
        StackFiles.mkdirs(workDir);
        Path log = config.logFile(name);
        List<String> full = new ArrayList<>();
        full.add("setsid");
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        StackFiles.appendLine(log, "---- " + Instant.now() + " starting: " + String.join(" ", cmd));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + name, e);
        }
        long pid = process.pid();
        // wait for the exec of setsid / unshare to land on the real executable
        Instant deadline = Instant.now().plusSeconds(5);
        String exe = "";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new StackException(name + " exited at once (code " + process.exitValue() + "); last lines of "
                        + log + ":\n" + StackFiles.tail(log, 30));
            }
            exe = process.info().command().orElse("");
            if (Path.of(exe).getFileName() != null
                    && Path.of(exe).getFileName().toString().equals(expectedExe)) {
                break;
            }
            sleep(10);
        }
        if (!exe.endsWith("/" + expectedExe) && !exe.equals(expectedExe)) {
            throw new StackException(name + ": pid " + pid + " runs '" + exe + "', expected " + expectedExe);
        }
        long start = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        pids.write(name, new PidRecord(pid, start));
    }

    /** SIGTERM (or SIGKILL when {@code force}) to all at once, then wait; SIGKILL whoever outlives 20 s. */
    void stop(List<String> names, boolean force) {
        Map<String, PidRecord> running = new LinkedHashMap<>();
        for (String name : names) {
            Optional<PidRecord> rec = pids.read(name);
            if (rec.isPresent() && PidFiles.alive(rec.get())) {
                running.put(name, rec.get());
                ProcessHandle.of(rec.get().pid()).ifPresent(h -> {
                    if (force) {
                        h.destroyForcibly();
                    } else {
                        h.destroy();
                    }
                });
            } else {
                pids.delete(name);
            }
        }
        Instant deadline = Instant.now().plus(force ? Duration.ofSeconds(10) : STOP_TIMEOUT);
        List<String> stuck = new ArrayList<>();
        for (var e : running.entrySet()) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (!PidFiles.awaitDeath(e.getValue(), left.isNegative() ? Duration.ZERO : left)) {
                ProcessHandle.of(e.getValue().pid()).ifPresent(ProcessHandle::destroyForcibly);
                if (!PidFiles.awaitDeath(e.getValue(), Duration.ofSeconds(10))) {
                    stuck.add(e.getKey() + " (pid " + e.getValue().pid() + ")");
                    continue;
                }
            }
            pids.delete(e.getKey());
        }
        if (!stuck.isEmpty()) {
            throw new StackException("processes do not die: " + stuck);
        }
    }

    /**
     * Sends {@code signal} (e.g. {@code INT}) to the component, waits up to 20 s, then SIGKILL; removes its pid file.
     */
    void stopWith(String name, String signal, String what) {
        Optional<PidRecord> rec = pids.read(name);
        if (rec.isPresent() && PidFiles.alive(rec.get())) {
            signal(rec.get().pid(), signal);
            if (!PidFiles.awaitDeath(rec.get(), STOP_TIMEOUT)) {
                ProcessHandle.of(rec.get().pid()).ifPresent(ProcessHandle::destroyForcibly);
                if (!PidFiles.awaitDeath(rec.get(), Duration.ofSeconds(10))) {
                    throw new StackException(what + " (pid " + rec.get().pid() + ") does not die");
                }
            }
        }
        pids.delete(name);
    }

    private static void signal(long pid, String sig) {
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, String.valueOf(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a tool in the state directory to its end, its output appended to {@code log}; fails on exit code ≠ 0. */
    void runToLog(List<String> cmd, Path log, Duration timeout, String what) {
        StackFiles.mkdirs(log.getParent());
        StackFiles.appendLine(log, "---- " + Instant.now() + " running: " + String.join(" ", cmd));
        try {
            Process p = new ProcessBuilder(cmd)
                    .directory(config.baseDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new StackException(what + " timed out; see " + log);
            }
            if (p.exitValue() != 0) {
                throw new StackException(what + " failed (exit " + p.exitValue() + "); last lines of " + log + ":\n"
                        + StackFiles.tail(log, 30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException(what + " interrupted", e);
        }
    }

    /** The java of the JVM the launcher runs in: the one the broker and the services run with. */
    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A pause between two looks at a starting or stopping process. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }
}
