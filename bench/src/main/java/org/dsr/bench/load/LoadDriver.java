package org.dsr.bench.load;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Sends one phase of requests on an open-loop schedule, then waits for their completion records. */
public final class LoadDriver {

    /** When a phase ended: last request handed to the sender, every ack in, last completion (or give-up). */
    public record Phase(long startNanos, long sendEndNanos, long endNanos, boolean timedOut, boolean stoppedEarly) {}

    private LoadDriver() {}

    /** Before a phase (outside its measured window): the pseudonym key of every request's subject. */
    public static void prepare(SubjectPool pool, int firstSubject, SagaTracker tracker) {
        for (int i = 0; i < tracker.size(); i++) {
            tracker.expect(i, LongIntMap.keyOfHex(pool.pseudonym(pool.subject(firstSubject + i))));
        }
    }

    /**
     * Call {@link #prepare} first.
     *
     * @param firstSubject index of the first subject in the pool (warm-up and measured phases use disjoint ranges)
     * @param idleTimeout give up waiting when no completion arrived for this long after the last send
     * @param waitAtMost stop waiting this long after the phase started even if sagas are still open (null: until every
     *        saga completed or the idle timeout); for a backlog too large to drain within one sitting
     */
    public static Phase run(
            String name,
            SubjectPool pool,
            int firstSubject,
            SagaTracker tracker,
            double rate,
            IntakeSender sender,
            CompletionWatcher watcher,
            String runTag,
            Duration idleTimeout,
            Duration waitAtMost) {
        int n = tracker.size();
        watcher.track(tracker);
        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime() + 10_000_000L;
        progress.scheduleAtFixedRate(
                () -> System.out.printf(
                        "%s: %5.0f s  sent %d/%d, accepted %d, completed %d%n",
                        name,
                        (System.nanoTime() - start) / 1e9,
                        sent.get(),
                        n,
                        tracker.ackedCount(),
                        tracker.completedCount()),
                5,
                5,
                TimeUnit.SECONDS);
        try {
            Pacer pacer = new Pacer(rate, start);
            Pacer.awaitDue(start);
            for (int i = 0; i < n; i++) {
                long due = pacer.dueNanos(i);
                Pacer.awaitDue(due);
                tracker.sent(i, due);
                sender.send(i, "bench-" + runTag + "-" + (firstSubject + i), pool.subject(firstSubject + i), tracker);
                sent.incrementAndGet();
            }
            long sendEnd = System.nanoTime();
            sender.flush();
            WaitPolicy wait = new WaitPolicy(n, start, idleTimeout, waitAtMost);
            WaitPolicy.Outcome outcome;
            do {
                sleep(100);
                outcome = wait.check(tracker.completedCount(), System.nanoTime());
            } while (outcome == WaitPolicy.Outcome.WAIT);
            boolean timedOut = outcome == WaitPolicy.Outcome.IDLE;
            boolean stoppedEarly = outcome == WaitPolicy.Outcome.TIME_UP;
            if (timedOut) {
                System.out.printf(
                        "%s: no completion for %d s; giving up with %d of %d completed%n",
                        name, idleTimeout.toSeconds(), tracker.completedCount(), n);
            } else if (stoppedEarly) {
                System.out.printf(
                        "%s: stopping after %d s as asked, with %d of %d completed%n",
                        name, waitAtMost.toSeconds(), tracker.completedCount(), n);
            }
            long[] arrivals = tracker.arrivals();
            long end = arrivals.length == 0 ? System.nanoTime() : arrivals[arrivals.length - 1];
            boolean open = timedOut || stoppedEarly;
            return new Phase(start, sendEnd, open ? System.nanoTime() : end, timedOut, stoppedEarly);
        } finally {
            progress.shutdownNow();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
