package org.dsr.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dsr.bench.report.LatencyStats;

/**
 * What happened to each request of one phase, indexed by sequence number: when it was due, whether it was acknowledged
 * and when its saga's completion record arrived. Arrays, not objects, so a million requests stay small.
 */
public final class SagaTracker {

    private final int size;
    private final LongIntMap bySubject;
    private final long[] due;
    private final long[] arrivals;
    private final LatencyStats latency = new LatencyStats();
    /** Requests of the second half of the schedule: in a paced run, latency once the JVMs have warmed up. */
    private final LatencyStats laterHalf = new LatencyStats();

    private final boolean[] done;
    private final Map<String, Long> statuses = new TreeMap<>();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile long firstSend;
    private volatile long lastAck;
    private int completed;
    private long unmatched;
    private long repeated;

    public SagaTracker(int size) {
        this.size = size;
        this.bySubject = new LongIntMap(size);
        this.due = new long[size];
        this.arrivals = new long[size];
        this.done = new boolean[size];
    }

    public int size() {
        return size;
    }

    /** Before the phase starts: the subject key (first 64 bits of its pseudonym) of request {@code index}. */
    public void expect(int index, long subjectKey) {
        if (bySubject.put(subjectKey, index) >= 0) {
            throw new IllegalStateException("two requests of one run for the same subject");
        }
    }

    public void sent(int index, long dueNanos) {
        due[index] = dueNanos;
        if (index == 0) {
            firstSend = dueNanos;
        }
    }

    public void acked(long nanos) {
        acked.incrementAndGet();
        lastAck = Math.max(lastAck, nanos);
    }

    /** HTTP 200: request-service answered with an open request it already had for this subject. */
    public void duplicate(long nanos) {
        duplicates.incrementAndGet();
        acked(nanos);
    }

    public void failed() {
        failed.incrementAndGet();
    }

    /** A completion record (version 1) arrived for the subject; called from the one consumer thread. */
    public synchronized void completed(long subjectKey, String status, long nanos) {
        int index = bySubject.get(subjectKey);
        if (index < 0) {
            unmatched++;
            return;
        }
        if (done[index]) {
            repeated++;
            return;
        }
        done[index] = true;
        arrivals[completed++] = nanos;
        statuses.merge(status, 1L, Long::sum);
        if (due[index] != 0) {
            latency.recordNanos(nanos - due[index]);
            if (index >= size / 2) {
                laterHalf.recordNanos(nanos - due[index]);
            }
        }
    }

    public synchronized int completedCount() {
        return completed;
    }

    public synchronized long unmatched() {
        return unmatched;
    }

    public synchronized long repeated() {
        return repeated;
    }

    public synchronized Map<String, Long> statuses() {
        return new TreeMap<>(statuses);
    }

    public LatencyStats latency() {
        return latency;
    }

    /** Latency of the requests in the second half of the sending order only. */
    public LatencyStats latencyLaterHalf() {
        return laterHalf;
    }

    public long ackedCount() {
        return acked.get();
    }

    public long failedCount() {
        return failed.get();
    }

    public long duplicateCount() {
        return duplicates.get();
    }

    public long firstSendNanos() {
        return firstSend;
    }

    public long lastAckNanos() {
        return lastAck;
    }

    /** Arrival times of completion records, in arrival order (a copy). */
    public synchronized long[] arrivals() {
        return java.util.Arrays.copyOf(arrivals, completed);
    }
}
