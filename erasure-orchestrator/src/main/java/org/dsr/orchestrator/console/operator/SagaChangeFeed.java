package org.dsr.orchestrator.console.operator;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

/**
 * Which sagas changed, for the console's live pages, whichever instance changed them: once a second, and only while
 * someone watches, each instance asks the database what was written in the last few seconds (every change of a saga
 * or a step writes a {@code saga_transition}, every hand action an {@code operator_action}; both indexed by time) and
 * broadcasts each saga whose newest entry it has not seen yet. The window overlaps the previous poll, so a
 * transaction that committed late is still seen; nothing hooks into the saga code.
 */
@ApplicationScoped
public class SagaChangeFeed {

    /** What a browser learns: which saga and its status now. Ids and statuses only. */
    public record SagaChange(UUID requestId, String status) {}

    private static final Logger LOG = Logger.getLogger(SagaChangeFeed.class);
    private static final String OVERLAP = "5 seconds";
    private static final String CHANGED = "with c as ("
            // the sum of ids, not the max: transition ids come in blocks per instance, so a new one may be lower
            + " select request_id, sum(id)::text as t, null::text as a from saga_transition where at > $1"
            + " group by request_id"
            + " union all"
            + " select request_id, null::text, max(id)::text from operator_action where at > $1 group by request_id)"
            + " select c.request_id, s.status, max(c.t) as t, max(c.a) as a from c join saga s"
            + " on s.request_id = c.request_id group by c.request_id, s.status";

    private final Pool pool;
    private final BroadcastProcessor<SagaChange> changes = BroadcastProcessor.create();
    private final AtomicInteger watchers = new AtomicInteger();
    /** The newest entry seen per saga changed within the window; sagas that leave the window are forgotten. */
    private Map<UUID, String> seen = new HashMap<>();

    private volatile OffsetDateTime windowStart;

    public SagaChangeFeed(Pool pool) {
        this.pool = pool;
    }

    /** The changes from now on; the feed polls while at least one subscriber is connected. */
    public Multi<SagaChange> changes() {
        return changes.onSubscription()
                .invoke(() -> watchers.incrementAndGet())
                .onTermination()
                .invoke(() -> watchers.decrementAndGet());
    }

    public int watchers() {
        return watchers.get();
    }

    /** Whether the first poll since a subscriber connected has taken stock: from then on every change is sent. */
    public boolean tookStock() {
        return windowStart != null;
    }

    @Scheduled(
            every = "${dsr.ui.poll-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    Uni<Void> poll() {
        if (watchers.get() <= 0) {
            windowStart = null;
            seen = new HashMap<>();
            return Uni.createFrom().voidItem();
        }
        boolean first = windowStart == null;
        Uni<OffsetDateTime> start = first
                ? pool.query("select now() - interval '" + OVERLAP + "' as t")
                        .execute()
                        .map(rows -> rows.iterator().next().getOffsetDateTime("t"))
                : Uni.createFrom().item(windowStart);
        return start.chain(since -> pool.query("select now() - interval '" + OVERLAP + "' as t")
                        .execute()
                        .map(rows -> rows.iterator().next().getOffsetDateTime("t"))
                        .chain(nextStart -> pool.preparedQuery(CHANGED)
                                .execute(Tuple.of(since))
                                .invoke(rows -> {
                                    Map<UUID, String> now = new HashMap<>();
                                    for (Row row : rows) {
                                        UUID id = row.getUUID("request_id");
                                        String marker = row.getString("t") + "/" + row.getString("a");
                                        now.put(id, marker);
                                        if (!first && !marker.equals(seen.get(id))) {
                                            changes.onNext(new SagaChange(id, row.getString("status")));
                                        }
                                    }
                                    seen = now;
                                    windowStart = nextStart;
                                })))
                .replaceWithVoid()
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf(
                            "console change feed: poll failed (%s)",
                            e.getClass().getSimpleName());
                    return null;
                });
    }
}
