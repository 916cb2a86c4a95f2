package org.dsr.kit.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.dsr.kit.config.DsrConfig;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in batches and deletes them once Kafka has acknowledged every message of the
 * batch (acks=all). If the process dies in between, the rows are published again: consumers are idempotent.
 * <p>
 * One relay at a time per database (a transaction-scoped advisory lock), so events leave in commit order even
 * with several instances; it is woken by LISTEN/NOTIFY and, as a safety net, by a periodic poll.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x6473722d6f7574L; // "dsr-out"

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final DsrConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wakeAgain = new AtomicBoolean();
    private volatile SqlConnection listener;
    private volatile boolean stopped;

    public OutboxRelay(
            Pool pool,
            @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<String> emitter,
            DsrConfig config) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        listen();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        SqlConnection connection = listener;
        if (connection != null) {
            connection.closeAndForget();
        }
    }

    /** Runs the relay now, or once more right after the run in progress. */
    public void wake() {
        if (stopped) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            wakeAgain.set(true);
            return;
        }
        wakeAgain.set(false);
        drain().subscribe()
                .with(
                        published -> {
                            running.set(false);
                            if (published > 0 || wakeAgain.get()) {
                                wake();
                            }
                        },
                        failure -> {
                            running.set(false);
                            if (!stopped) {
                                // the relay's statements carry ids only, so the driver's message is safe to log
                                LOG.warnf(
                                        "outbox relay failed, retrying on the next wake-up: %s: %s",
                                        failure.getClass().getSimpleName(), failure.getMessage());
                            }
                        });
    }

    private Uni<Integer> drain() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("select pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(RELAY_LOCK))
                .flatMap(lock -> lock.iterator().next().getBoolean(0)
                        ? publishBatch(connection)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishBatch(SqlConnection connection) {
        return connection
                .preparedQuery("select id, topic, message_key, payload from outbox_event order by seq limit $1")
                .execute(Tuple.of(config.outbox().batchSize()))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<UUID> ids = new ArrayList<>(rows.size());
                    List<Uni<Void>> sends = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        ids.add(row.getUUID("id"));
                        sends.add(send(row.getString("topic"), row.getString("message_key"), row.getString("payload")));
                    }
                    return Uni.join()
                            .all(sends)
                            .andFailFast()
                            .flatMap(sent -> connection
                                    .preparedQuery("delete from outbox_event where id = any($1)")
                                    .execute(Tuple.of(ids.toArray(UUID[]::new))))
                            .map(deleted -> ids.size());
                });
    }

    private Uni<Void> send(String topic, String key, String payload) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .build();
        return emitter.sendMessage(Message.of(payload).addMetadata(metadata));
    }

    private void listen() {
        if (stopped) {
            return;
        }
        pool.getConnection()
                .call(connection -> {
                    PgConnection pg = PgConnection.cast(connection);
                    pg.notificationHandler(notification -> wake());
                    pg.closeHandler(() -> {
                        listener = null;
                        if (!stopped) {
                            Uni.createFrom()
                                    .voidItem()
                                    .onItem()
                                    .delayIt()
                                    .by(Duration.ofSeconds(1))
                                    .subscribe()
                                    .with(x -> listen());
                        }
                    });
                    listener = connection;
                    return connection.query("LISTEN " + OutboxService.CHANNEL).execute();
                })
                .subscribe()
                .with(connection -> wake(), failure -> {
                    LOG.warnf(
                            "cannot LISTEN for outbox events yet (%s); polling until it can",
                            failure.getClass().getSimpleName());
                    Uni.createFrom()
                            .voidItem()
                            .onItem()
                            .delayIt()
                            .by(Duration.ofSeconds(2))
                            .subscribe()
                            .with(x -> listen());
                });
    }
}
