package org.dsr.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code <baseDir>/pids/<name>.pid}: the pid and start time of each component's process. A component runs when its
 * file names a live process that started when the file says (the start time guards against pid reuse), so the CLI and
 * an in-process test harness judge "running" alike.
 */
final class PidFiles {

    /** What a pid file records. */
    record PidRecord(long pid, long startMillis) {}

    private final Path dir;

    PidFiles(Path dir) {
        this.dir = dir;
    }

    /** The pid of the component's live process, empty if it does not run. */
    OptionalLong livePid(String name) {
        Optional<PidRecord> rec = read(name);
        if (rec.isPresent() && alive(rec.get())) {
            return OptionalLong.of(rec.get().pid());
        }
        return OptionalLong.empty();
    }

    /** The record of a component, if one was written and can be read, alive or not. */
    Optional<PidRecord> read(String name) {
        Path file = file(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file);
            long pid = Long.parseLong(lines.get(0).trim());
            long start = lines.size() > 1 && !lines.get(1).isBlank()
                    ? Long.parseLong(lines.get(1).trim())
                    : 0L;
            return Optional.of(new PidRecord(pid, start));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void write(String name, PidRecord rec) {
        StackFiles.mkdirs(dir);
        StackFiles.writeString(file(name), rec.pid() + "\n" + rec.startMillis() + "\n");
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String name) {
        return dir.resolve(name + ".pid");
    }

    /** Alive, not a zombie, and the same process that was recorded (start time guards against pid reuse). */
    static boolean alive(PidRecord rec) {
        Optional<ProcessHandle> h = ProcessHandle.of(rec.pid());
        if (h.isEmpty() || !h.get().isAlive() || isZombie(rec.pid())) {
            return false;
        }
        if (rec.startMillis() > 0) {
            Optional<Instant> start = h.get().info().startInstant();
            if (start.isPresent() && Math.abs(start.get().toEpochMilli() - rec.startMillis()) > 2000) {
                return false;
            }
        }
        return true;
    }

    /** Whether the recorded process died within the timeout. */
    static boolean awaitDeath(PidRecord rec, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (alive(rec)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            DetachedProcesses.sleep(50);
        }
        return true;
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return !Files.exists(Path.of("/proc/" + pid));
        }
    }
}
