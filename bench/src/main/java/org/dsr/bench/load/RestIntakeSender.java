package org.dsr.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code POST /api/v1/requests} with a {@code dsr-submitter} token and an {@code Idempotency-Key}, up to
 * {@code concurrency} requests in flight (HTTP/1.1, one connection each). Acknowledged = HTTP 202 (200 = an open
 * request for the subject already existed: counted apart).
 */
public final class RestIntakeSender implements IntakeSender {

    private static final ObjectMapper COMPACT = new ObjectMapper();

    private final HttpClient http;
    private final URI uri;
    private final String authorization;
    private final Semaphore inFlight;
    private final int concurrency;
    private final Map<Integer, Long> otherStatuses = new ConcurrentHashMap<>();
    private final AtomicLong errors = new AtomicLong();
    private volatile int lastBytes;

    public RestIntakeSender(String requestServiceUrl, String token, int concurrency) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(Math.max(2, Math.min(concurrency, 8)), r -> {
                    Thread t = new Thread(r, "bench-http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
        this.uri = URI.create(requestServiceUrl + "/api/v1/requests");
        this.authorization = "Bearer " + token;
        this.concurrency = concurrency;
        this.inFlight = new Semaphore(concurrency);
    }

    @Override
    public void send(int index, String externalId, SubjectPool.Subject subject, SagaTracker tracker) {
        byte[] body;
        try {
            body = COMPACT.writeValueAsBytes(IntakeSender.requestBody(subject, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        lastBytes = body.length;
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .header("Idempotency-Key", externalId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        inFlight.acquireUninterruptibly();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, error) -> {
            inFlight.release();
            long now = System.nanoTime();
            if (error != null) {
                errors.incrementAndGet();
                tracker.failed();
            } else if (resp.statusCode() == 202) {
                tracker.acked(now);
            } else if (resp.statusCode() == 200) {
                tracker.duplicate(now);
            } else {
                otherStatuses.merge(resp.statusCode(), 1L, Long::sum);
                tracker.failed();
            }
        });
    }

    @Override
    public void flush() {
        inFlight.acquireUninterruptibly(concurrency);
        inFlight.release(concurrency);
    }

    /** HTTP statuses other than 200/202, with counts ({@code -1}: connection errors). */
    public Map<Integer, Long> otherStatuses() {
        Map<Integer, Long> m = new java.util.TreeMap<>(otherStatuses);
        if (errors.get() > 0) {
            m.put(-1, errors.get());
        }
        return m;
    }

    @Override
    public int lastBodyBytes() {
        return lastBytes;
    }

    @Override
    public void close() {
        flush();
    }
}
