package org.dsr.kit.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import jakarta.inject.Inject;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestInfrastructure;
import org.dsr.testsupport.TestKafka;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link IdempotentConsumer#consumeBatch}, driven with hand-made batches so that what is in one batch is certain:
 * duplicates inside a batch and across batches, a poison message between good ones, a handler failure that forces
 * the one-by-one path, and a message whose retries run out. The handler writes an "effect" row in the consumer's
 * transaction, so a rolled-back attempt leaves nothing and a message applied twice shows.
 */
@QuarkusTest
@QuarkusTestResource(
        value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "service_kit_test"))
@RealInfrastructureTest
class IdempotentConsumerBatchTest {

    static final String TYPE = "org.dsr.test.effect.v1";

    @Inject
    IdempotentConsumer consumer;

    @Inject
    Vertx vertx;

    String channel;
    String topic;
    String effects;
    final List<String> invocations = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> outagesLeft = new ConcurrentHashMap<>();
    long offset;

    @BeforeEach
    void fresh() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        channel = "batch-test-" + run;
        topic = "kit.test." + run;
        effects = "effects-" + run;
        // the broker does not create topics on first use (nor does the local stack's)
        TestInfrastructure.get().createTopics(List.of(topic, topic + ".dlq"));
    }

    @Test
    void duplicatesInsideAndAcrossBatchesAreAppliedOnce() throws Exception {
        String a = id(), b = id(), c = id(), d = id();
        run(List.of(record(a, "ok"), record(b, "ok"), record(a, "ok"), record(c, "ok")));
        assertThat(invocations).containsExactly(a, b, c);
        assertThat(effects()).containsExactlyInAnyOrder(a, b, c);

        invocations.clear();
        run(List.of(record(b, "ok"), record(d, "ok"), record(c, "ok")));
        assertThat(invocations).containsExactly(d);
        assertThat(effects()).containsExactlyInAnyOrder(a, b, c, d);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aPoisonMessageIsDeadLetteredWithItsReasonAndItsNeighboursAreProcessed() throws Exception {
        String first = id(), poison = id(), last = id();
        ConsumerRecord<String, String> unreadable = raw("this is not a CloudEvent");
        ConsumerRecord<String, String> poisonRecord = record(poison, "poison");
        run(List.of(record(first, "ok"), poisonRecord, unreadable, record(last, "ok")));

        assertThat(effects()).containsExactlyInAnyOrder(first, last);
        List<ConsumerRecord<String, String>> dead = deadLetters();
        assertThat(dead).hasSize(2);
        ConsumerRecord<String, String> deadPoison = dead.stream()
                .filter(r -> poisonRecord.value().equals(r.value()))
                .findFirst()
                .orElseThrow();
        assertThat(deadPoison.key()).isEqualTo(poisonRecord.key());
        assertThat(TestKafka.header(deadPoison, "dead-letter-reason")).isEqualTo("test poison: bad content");
        assertThat(TestKafka.header(deadPoison, "dead-letter-exception-class-name"))
                .isEqualTo(PoisonMessageException.class.getName());
        assertThat(TestKafka.header(deadPoison, "dead-letter-topic")).isEqualTo(topic);
        assertThat(TestKafka.header(deadPoison, "dead-letter-offset")).isEqualTo(Long.toString(poisonRecord.offset()));
        assertThat(TestKafka.header(deadPoison, "dead-letter-partition")).isEqualTo("0");
        ConsumerRecord<String, String> deadUnreadable = dead.stream()
                .filter(r -> unreadable.value().equals(r.value()))
                .findFirst()
                .orElseThrow();
        assertThat(TestKafka.header(deadUnreadable, "dead-letter-reason"))
                .startsWith("not a structured JSON CloudEvent")
                .doesNotContain("this is not");
        assertThat(TestKafka.header(deadUnreadable, "dead-letter-offset"))
                .isEqualTo(Long.toString(unreadable.offset()));
    }

    @Test
    void aFailingHandlerRollsTheBatchBackAndEachMessageIsProcessedOnItsOwn() throws Exception {
        String f1 = id(), f2 = id(), f3 = id();
        failuresLeft.put(f2, new AtomicInteger(1));
        run(List.of(record(f1, "ok"), record(f2, "ok"), record(f3, "ok")));

        // the batch ran f1 and failed at f2; then one by one: f1, f2 (now succeeding), f3
        assertThat(invocations).containsExactly(f1, f2, f1, f2, f3);
        assertThat(effects()).containsExactlyInAnyOrder(f1, f2, f3);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aMessageWhoseRetriesRunOutIsDeadLetteredAndTheOthersAreNot() throws Exception {
        String good = id(), bad = id();
        failuresLeft.put(bad, new AtomicInteger(Integer.MAX_VALUE));
        run(List.of(record(bad, "ok"), record(good, "ok")));

        assertThat(effects()).containsExactly(good);
        List<ConsumerRecord<String, String>> dead = deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(TestKafka.header(dead.get(0), "dead-letter-reason"))
                .isEqualTo("processing failed after 2 attempts: java.lang.IllegalStateException");
        assertThat(TestKafka.header(dead.get(0), "dead-letter-exception-class-name"))
                .isEqualTo(ProcessingFailedException.class.getName());
        // once in the batch attempt (which it ended, before the good one ran), then its two attempts on its own
        assertThat(invocations).containsExactly(bad, bad, bad, good);
    }

    @Test
    void aGroupedHandlerGetsEveryFirstDeliveryOfThePollInOneCallInOffsetOrder() throws Exception {
        String a = id(), b = id(), c = id();
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        runGrouped(List.of(record(a, "ok"), record(b, "ok"), record(a, "ok"), record(c, "ok")), calls);
        assertThat(calls).containsExactly(List.of(a, b, c));
        assertThat(effects()).containsExactlyInAnyOrder(a, b, c);

        calls.clear();
        String d = id();
        runGrouped(List.of(record(c, "ok"), record(d, "ok")), calls);
        assertThat(calls).containsExactly(List.of(d));
        assertThat(effects()).containsExactlyInAnyOrder(a, b, c, d);
    }

    @Test
    void aFailingGroupRollsBackAndEachMessageIsHandledAloneAsAListOfOne() throws Exception {
        String good = id(), poison = id(), last = id();
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        ConsumerRecord<String, String> poisonRecord = record(poison, "poison");
        runGrouped(List.of(record(good, "ok"), poisonRecord, record(last, "ok")), calls);

        assertThat(calls).containsExactly(List.of(good, poison, last), List.of(good), List.of(poison), List.of(last));
        assertThat(effects()).containsExactlyInAnyOrder(good, last);
        List<ConsumerRecord<String, String>> dead = deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(poisonRecord.value());
        assertThat(TestKafka.header(dead.get(0), "dead-letter-reason")).isEqualTo("test poison: bad content");
    }

    @Test
    void anEventThePrecheckRefusesIsDeadLetteredWithoutFailingItsBatch() throws Exception {
        String first = id(), refused = id(), last = id();
        ConsumerRecord<String, String> refusedRecord = record(refused, "refused");
        onVertx(() -> consumer.consumeBatch(
                channel,
                List.of(record(first, "ok"), refusedRecord, record(last, "ok")),
                Map.of(TYPE, handler()),
                event -> {
                    if ("refused".equals(event.data().path("mode").asText())) {
                        throw new PoisonMessageException("test precheck: mode not allowed");
                    }
                }));

        // one pass, no fallback: the refused event never reached the handler or the transaction
        assertThat(invocations).containsExactly(first, last);
        assertThat(effects()).containsExactlyInAnyOrder(first, last);
        List<ConsumerRecord<String, String>> dead = deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(refusedRecord.value());
        assertThat(TestKafka.header(dead.get(0), "dead-letter-reason")).isEqualTo("test precheck: mode not allowed");
    }

    @Test
    void anOutageOfADependencyIsWaitedOutWithoutSpendingTheMessagesAttempts() throws Exception {
        String waiting = id(), next = id();
        // more failures than the test profile's attempts: an ordinary failure would be dead-lettered by now
        outagesLeft.put(waiting, new AtomicInteger(5));
        run(List.of(record(waiting, "ok"), record(next, "ok")));

        assertThat(effects()).containsExactlyInAnyOrder(waiting, next);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void anOutageThatOutlastsThePatienceSpendsTheAttemptsAndIsDeadLettered() throws Exception {
        String waiting = id(), next = id();
        outagesLeft.put(waiting, new AtomicInteger(Integer.MAX_VALUE));
        long started = System.nanoTime();
        run(List.of(record(waiting, "ok"), record(next, "ok")));

        // the test profile's patience is 500 ms: the outage was waited out that long before the attempts counted
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(500L);
        assertThat(effects()).containsExactly(next);
        List<ConsumerRecord<String, String>> dead = deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(TestKafka.header(dead.get(0), "dead-letter-reason"))
                .isEqualTo("processing failed after 2 attempts: " + DependencyUnavailableException.class.getName());
    }

    // ------------------------------------------------------------------ helpers

    /** The grouped handler records each call's event ids, then applies the single handler to each in order. */
    private void runGrouped(List<ConsumerRecord<String, String>> batch, List<List<String>> calls) throws Exception {
        Function<EventEnvelope, Uni<Void>> each = handler();
        onVertx(() -> consumer.consumeGrouped(channel, batch, TYPE, events -> {
            calls.add(events.stream().map(EventEnvelope::id).toList());
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (EventEnvelope event : events) {
                chain = chain.chain(() -> each.apply(event));
            }
            return chain;
        }));
    }

    private void run(List<ConsumerRecord<String, String>> batch) throws Exception {
        onVertx(() -> consumer.consumeBatch(channel, batch, Map.of(TYPE, handler())));
    }

    /** Writes the effect row, then does what the message says: succeed, fail (while failures are left), poison. */
    private Function<EventEnvelope, Uni<Void>> handler() {
        return event -> {
            invocations.add(event.id());
            return Panache.getSession()
                    .flatMap(session -> session.createNativeQuery(
                                    "insert into inbox_message (consumer, message_id) values (:c, :id)")
                            .setParameter("c", effects)
                            .setParameter("id", event.id())
                            .executeUpdate())
                    .flatMap(inserted -> {
                        AtomicInteger down = outagesLeft.get(event.id());
                        if (down != null && down.getAndDecrement() > 0) {
                            return Uni.createFrom().failure(new DependencyUnavailableException("key service down"));
                        }
                        AtomicInteger left = failuresLeft.get(event.id());
                        if (left != null && left.getAndDecrement() > 0) {
                            return Uni.createFrom().failure(new IllegalStateException("row value 4711 leaked"));
                        }
                        if ("poison".equals(event.data().path("mode").asText())) {
                            return Uni.createFrom().failure(new PoisonMessageException("test poison: bad content"));
                        }
                        return Uni.createFrom().voidItem();
                    });
        };
    }

    private ConsumerRecord<String, String> record(String id, String mode) {
        return raw(EventCodec.encode(id, TYPE, URI.create("/test"), "key-" + id, Instant.now(), Map.of("mode", mode)));
    }

    private ConsumerRecord<String, String> raw(String value) {
        return new ConsumerRecord<>(topic, 0, offset++, "key-" + offset, value);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private List<String> effects() throws SQLException {
        var config = ConfigProvider.getConfig();
        try (Connection db = DriverManager.getConnection(
                        config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getValue("quarkus.datasource.username", String.class),
                        config.getValue("quarkus.datasource.password", String.class));
                var statement = db.prepareStatement("select message_id from inbox_message where consumer = ?")) {
            statement.setString(1, effects);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    /**
     * Every dead letter of this test's topic, without a waiting window: consumeBatch completes only once Kafka has
     * acknowledged its dead letters (DeadLetters#send), so after {@link #run} the topic up to its end offsets holds
     * all there will be.
     */
    private List<ConsumerRecord<String, String>> deadLetters() {
        String dlq = topic + ".dlq";
        Properties props = new Properties();
        props.putAll(TestInfrastructure.get().kafkaAdminClient());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> dead = new ArrayList<>();
        try (var reader = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(dlq).stream()
                    .map(p -> new TopicPartition(dlq, p.partition()))
                    .toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
                assertThat(Instant.now()).as("reading %s to its end", dlq).isBefore(deadline);
                reader.poll(java.time.Duration.ofMillis(200)).forEach(dead::add);
            }
        }
        return dead;
    }

    /** Hibernate Reactive runs on a safe (duplicated) Vert.x context, as a message handler does. */
    private <T> T onVertx(Supplier<Uni<T>> work) throws Exception {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> work.get().subscribe().with(result::complete, result::completeExceptionally));
        return result.get(60, TimeUnit.SECONDS);
    }
}
