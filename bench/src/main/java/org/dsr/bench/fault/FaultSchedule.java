package org.dsr.bench.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Which component is killed when, from a seed: one kind at a time, in a fixed turn (every component once per round),
 * each after a random pause counted from the moment the previous one was back, and kept down for a random time
 * before it is restarted. The same seed gives the same schedule, so a failing run can be repeated.
 */
public final class FaultSchedule {

    /** Every kind of process of the stack, in the order they take turns. */
    public static final List<String> COMPONENTS = List.of(
            "request-service",
            "erasure-orchestrator",
            "hosting",
            "email-delivery",
            "analytics",
            "payments",
            "connector",
            // the completion log's witness: a cosignature it answered is on disk, so a SIGKILL loses none and a
            // restarted witness still refuses a rollback (docs/witness.md)
            "witness",
            "kafka",
            "postgres");

    /** The n-th fault: wait {@code pause} after the previous component is back, kill, stay down {@code downtime}. */
    public record Fault(int number, int round, String component, Duration pause, Duration downtime) {}

    private final List<String> components;
    private final Random random;
    private final Duration minPause;
    private final Duration maxPause;
    private final Duration maxDowntime;
    private int next;

    public FaultSchedule(
            long seed, List<String> components, Duration minPause, Duration maxPause, Duration maxDowntime) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("no components to kill");
        }
        if (maxPause.compareTo(minPause) < 0) {
            throw new IllegalArgumentException("--max-pause must not be below --min-pause");
        }
        this.components = List.copyOf(components);
        this.random = new Random(seed);
        this.minPause = minPause;
        this.maxPause = maxPause;
        this.maxDowntime = maxDowntime;
    }

    /** The next fault; endless, round after round. */
    public Fault next() {
        int n = next++;
        long pauseSpan = maxPause.toMillis() - minPause.toMillis();
        Duration pause = minPause.plusMillis(pauseSpan == 0 ? 0 : (long) (random.nextDouble() * (pauseSpan + 1)));
        Duration downtime = Duration.ofMillis((long) (random.nextDouble() * (maxDowntime.toMillis() + 1)));
        return new Fault(n + 1, n / components.size() + 1, components.get(n % components.size()), pause, downtime);
    }

    /** The first {@code n} faults (for printing the plan, and for tests). */
    public List<Fault> take(int n) {
        List<Fault> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(next());
        }
        return list;
    }

    public int roundSize() {
        return components.size();
    }
}
