package org.dsr.bench.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.dsr.bench.stack.BenchStack;
import org.dsr.localstack.LocalStack;

/**
 * Carries out a {@link FaultSchedule} against a running stack: SIGKILL ({@link LocalStack#kill}), the planned
 * downtime, then the restart: {@link LocalStack#startService} for a service (waits until it is ready),
 * {@link LocalStack#upInfra()} for Kafka and PostgreSQL (starts what is missing, waits until it answers). Keeps a log
 * of (time, component, downtime until ready again).
 */
public final class FaultInjector implements Runnable {

    /** One injected fault: when it was killed, what, how long until it was ready again, and how the restart went. */
    public record Injected(
            int number,
            Instant killedAt,
            String component,
            Duration plannedDowntime,
            Duration downtime,
            int restartAttempts,
            String note) {}

    private final LocalStack stack;
    private final FaultSchedule schedule;
    private final BooleanSupplier keepGoing;
    private final List<Injected> log = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private volatile String failure;

    /** @param keepGoing asked before each next fault; the injector also always finishes a round it began */
    public FaultInjector(LocalStack stack, FaultSchedule schedule, BooleanSupplier keepGoing) {
        this.stack = stack;
        this.schedule = schedule;
        this.keepGoing = keepGoing;
    }

    @Override
    public void run() {
        int done = 0;
        try {
            while (!stopped) {
                boolean roundComplete = done > 0 && done % schedule.roundSize() == 0;
                if (roundComplete && !keepGoing.getAsBoolean()) {
                    return;
                }
                FaultSchedule.Fault f = schedule.next();
                if (!sleep(f.pause())) {
                    return;
                }
                log.add(inject(f));
                done++;
                System.out.printf(
                        "fault %3d  %-21s down %5.1f s (planned %4.1f s)%s%n",
                        f.number(),
                        f.component(),
                        seconds(log.get(log.size() - 1).downtime()),
                        seconds(f.downtime()),
                        log.get(log.size() - 1).note().isEmpty()
                                ? ""
                                : "  " + log.get(log.size() - 1).note());
            }
        } catch (RuntimeException e) {
            failure = e.getClass().getSimpleName() + ": " + BenchStack.firstLine(e.getMessage());
            System.out.println("fault injector stopped: " + failure);
        }
    }

    private Injected inject(FaultSchedule.Fault f) {
        Instant killed = Instant.now();
        stack.kill(f.component());
        sleep(f.downtime());
        int attempts = 0;
        String note = "";
        while (true) {
            attempts++;
            try {
                restart(f.component());
                break;
            } catch (RuntimeException e) {
                // e.g. PostgreSQL refusing to start while a killed postmaster's backends still hold its shared memory
                note = "restart retried: " + BenchStack.firstLine(e.getMessage());
                if (attempts >= 10) {
                    throw e;
                }
                sleep(Duration.ofSeconds(3));
            }
        }
        return new Injected(
                f.number(),
                killed,
                f.component(),
                f.downtime(),
                Duration.between(killed, Instant.now()),
                attempts,
                note);
    }

    private void restart(String component) {
        if (component.equals(LocalStack.KAFKA) || component.equals(LocalStack.POSTGRES)) {
            stack.upInfra();
        } else {
            stack.startService(component);
        }
    }

    public void stop() {
        stopped = true;
    }

    public List<Injected> log() {
        return List.copyOf(log);
    }

    /** Why the injector gave up (a component that would not come back), or null. */
    public String failure() {
        return failure;
    }

    private boolean sleep(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (!stopped && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !stopped;
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
