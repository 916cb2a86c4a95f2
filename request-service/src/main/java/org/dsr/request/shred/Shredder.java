package org.dsr.request.shred;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

/**
 * Crypto-shredding: once a request has been closed (COMPLETED, COMPLETED_WITH_RETENTION, CANCELLED) for longer than
 * {@code dsr.shredding.grace-period}, its data key is destroyed and its ciphertext columns are emptied, in one
 * transaction. A completed request's period starts when this service accepted its verified completion record
 * ({@code completion_accepted_at}), never at the {@code completedAt} the record states; a cancelled one's when it was
 * cancelled. Every copy of the ciphertext elsewhere (Kafka topics, dead letters, backups) becomes unreadable;
 * only the pseudonym remains, so compliance can still find the completion record from an identifier.
 */
@ApplicationScoped
public class Shredder {

    private static final Logger LOG = Logger.getLogger(Shredder.class);

    /** Requests shredded per statement; the next tick takes the rest. */
    static final int BATCH = 500;

    private final Pool pool;
    private final Duration gracePeriod;
    private final Clock clock;

    public Shredder(Pool pool, ShreddingConfig config, Clock clock) {
        this.pool = pool;
        this.gracePeriod = config.gracePeriod();
        this.clock = clock;
    }

    @Scheduled(
            every = "${dsr.shredding.interval:10m}",
            delayed = "${dsr.shredding.initial-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return shredDue()
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf(
                            "shredding failed, retrying on the next tick: %s",
                            failure.getClass().getSimpleName());
                    return 0;
                })
                .replaceWithVoid();
    }

    /** Shreds every request closed longer than the grace period ago by the clock; returns how many. */
    public Uni<Integer> shredDue() {
        return shredDue(clock.instant());
    }

    /** Shreds every request closed before {@code now - grace period}; returns how many. */
    public Uni<Integer> shredDue(Instant now) {
        Instant closedBefore = now.minus(gracePeriod);
        return pool.withTransaction(connection -> connection
                .preparedQuery("""
                with due as (
                    select id from dsr_request
                    where shredded_at is null
                      and status in ('COMPLETED', 'COMPLETED_WITH_RETENTION', 'CANCELLED')
                      and coalesce(completion_accepted_at, updated_at) < $1
                    order by id limit $2
                    for update skip locked
                ), keys as (
                    update data_key set wrapped_key = null, destroyed_at = $3
                    where request_id in (select id from due) and wrapped_key is not null
                )
                update dsr_request set identifiers_nonce = null, identifiers_ciphertext = null, shredded_at = $3
                where id in (select id from due)
                returning id""")
                .execute(Tuple.of(closedBefore.atOffset(ZoneOffset.UTC), BATCH, now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    if (rows.rowCount() > 0) {
                        LOG.infof(
                                "shredded %d closed request(s): data keys destroyed, ciphertext removed",
                                rows.rowCount());
                    }
                    return rows.rowCount();
                }));
    }
}
