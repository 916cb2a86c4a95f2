package org.dsr.bench.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dsr.contracts.Topics;

/**
 * Submits erasure requests the way a patient client does while parts of the system are down: over Kafka intake
 * (acks=all, idempotent producer) and, for every {@code restEvery}-th request, over REST with an
 * {@code Idempotency-Key}. A failed or unanswered attempt is sent again, unchanged (same CloudEvent id, same
 * {@code externalId}, same key), after a pause, until it is acknowledged or the sender is stopped.
 * <p>
 * <b>Accepted</b> means: the broker acknowledged the intake record (acks=all), or request-service answered 202 (a
 * replay of an earlier 202 under the same key counts once). Nothing else is counted.
 */
public final class RetryingSender implements AutoCloseable {

    public static final int PENDING = 0;
    public static final int IN_FLIGHT = 1;
    public static final int ACCEPTED = 2;
    public static final int REJECTED = 3;

    /** One request to submit. {@code rest}: over REST, else Kafka intake. */
    public record Submission(int index, String externalId, boolean rest, String email, String jurisdiction) {}

    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final IntFunction<Submission> submissions;
    private final int count;
    private final String source;
    private final KafkaProducer<String, byte[]> producer;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService restPool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-rest");
        t.setDaemon(true);
        return t;
    });
    private final String requestsUrl;
    private final String token;
    private final AtomicIntegerArray state;
    private final AtomicReferenceArray<String> eventIds;
    private final AtomicReferenceArray<String> restRequestIds;
    private final AtomicReferenceArray<String> rejections;
    private final DelayQueue<Retry> retries = new DelayQueue<>();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile boolean stopped;

    public RetryingSender(
            IntFunction<Submission> submissions,
            int count,
            String source,
            Map<String, Object> kafka,
            String requestsUrl,
            String token) {
        this.submissions = submissions;
        this.count = count;
        this.source = source;
        this.requestsUrl = requestsUrl;
        this.token = token;
        this.state = new AtomicIntegerArray(count);
        this.eventIds = new AtomicReferenceArray<>(count);
        this.restRequestIds = new AtomicReferenceArray<>(count);
        this.rejections = new AtomicReferenceArray<>(count);
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "dsr-bench-" + source.replace('/', '-'));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends every submission at {@code ratePerSecond} (≤ 0: as fast as possible), re-sending failed ones in between,
     * then keeps re-sending until all are accepted or rejected, or until {@code deadlineNanos}.
     */
    public void run(double ratePerSecond, long deadlineNanos) {
        long start = System.nanoTime();
        for (int i = 0; i < count && !stopped; i++) {
            if (ratePerSecond > 0) {
                long due = start + (long) (i * 1e9 / ratePerSecond);
                while (System.nanoTime() < due && !stopped) {
                    drainRetries();
                    sleepMillis(Math.max(1, Math.min(50, (due - System.nanoTime()) / 1_000_000)));
                }
            }
            drainRetries();
            attempt(i);
        }
        while (!stopped && unresolved() > 0 && System.nanoTime() < deadlineNanos) {
            drainRetries();
            sleepMillis(50);
        }
        producer.flush();
    }

    /** Sends submission {@code i} now (after any re-sends that are due); for callers that pace and mix themselves. */
    public void sendOne(int i) {
        drainRetries();
        attempt(i);
    }

    /** Keeps re-sending until every submission is accepted or rejected, or until {@code deadlineNanos}. */
    public void finish(long deadlineNanos) {
        while (!stopped && unresolved() > 0 && System.nanoTime() < deadlineNanos) {
            drainRetries();
            sleepMillis(50);
        }
        producer.flush();
    }

    public void stop() {
        stopped = true;
    }

    private void drainRetries() {
        Retry r;
        while ((r = retries.poll()) != null) {
            attempt(r.index);
        }
    }

    private void attempt(int i) {
        Submission s = submissions.apply(i);
        state.set(i, IN_FLIGHT);
        attempts.incrementAndGet();
        if (s.rest()) {
            restPool.execute(() -> restAttempt(i, s));
        } else {
            eventIds.compareAndSet(i, null, UUID.randomUUID().toString());
            byte[] value = IntakeEvents.valid(eventIds.get(i), source, s.externalId(), s.email(), s.jurisdiction());
            try {
                producer.send(new ProducerRecord<>(Topics.INTAKE, s.externalId(), value), (meta, error) -> {
                    if (error == null) {
                        state.set(i, ACCEPTED);
                    } else {
                        retryLater(i);
                    }
                });
            } catch (RuntimeException e) {
                retryLater(i);
            }
        }
    }

    private void restAttempt(int i, Submission s) {
        try {
            String body =
                    IntakeEvents.MAPPER.writeValueAsString(IntakeEvents.requestBody(s.email(), s.jurisdiction(), null));
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(requestsUrl))
                            .timeout(Duration.ofSeconds(15))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token)
                            .header("Idempotency-Key", s.externalId())
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 202) {
                JsonNode accepted = IntakeEvents.MAPPER.readTree(r.body());
                restRequestIds.set(i, accepted.path("id").asText(null));
                state.set(i, ACCEPTED);
            } else if (r.statusCode() >= 500 || r.statusCode() == 429 || r.statusCode() == 408) {
                retryLater(i);
            } else {
                // a client error is the client's own problem: not accepted, reported
                rejections.set(i, "HTTP " + r.statusCode());
                state.set(i, REJECTED);
            }
        } catch (java.io.IOException e) {
            retryLater(i);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            retryLater(i);
        }
    }

    private void retryLater(int i) {
        failedAttempts.incrementAndGet();
        state.set(i, PENDING);
        retries.add(new Retry(i, System.nanoTime() + RETRY_PAUSE.toNanos()));
    }

    /** Submissions neither accepted nor rejected yet. */
    public int unresolved() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            int s = state.get(i);
            if (s == PENDING || s == IN_FLIGHT) {
                n++;
            }
        }
        return n;
    }

    public int countIn(int wanted) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (state.get(i) == wanted) {
                n++;
            }
        }
        return n;
    }

    /** For re-checking an earlier run: submission {@code i} was accepted then. */
    public void markAccepted(int i) {
        state.set(i, ACCEPTED);
    }

    public boolean accepted(int i) {
        return state.get(i) == ACCEPTED;
    }

    /** The request id request-service answered with (REST submissions only). */
    public String restRequestId(int i) {
        return restRequestIds.get(i);
    }

    public String rejection(int i) {
        return rejections.get(i);
    }

    public long attempts() {
        return attempts.get();
    }

    public long failedAttempts() {
        return failedAttempts.get();
    }

    @Override
    public void close() {
        stopped = true;
        producer.close(Duration.ofSeconds(10));
        restPool.shutdownNow();
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Retry(int index, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(dueNanos, ((Retry) o).dueNanos);
        }
    }
}
