package org.dsr.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dsr.contracts.Topics;
import org.dsr.contracts.access.KafkaAccess;
import org.dsr.contracts.access.KafkaAccess.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test broker enforces {@link KafkaAccess}: nobody without credentials gets anything, and each principal can read
 * and write exactly the topics the description gives it, no more.
 */
@RealInfrastructureTest
class KafkaAccessBrokerTest {

    private static final List<String> PROCESSORS = List.of("hosting", "payments");
    private static final Deployment DEPLOYMENT = new Deployment(PROCESSORS, PROCESSORS, PROCESSORS);
    private static final Duration QUICK = Duration.ofSeconds(3);

    private static TestInfrastructure infra;

    @BeforeAll
    static void topics() {
        infra = TestInfrastructure.get();
        infra.createTopics(Topics.all(PROCESSORS));
        // one record in the first partition of every topic, so a read that is allowed has something to fetch
        try (var producer = producer(infra.kafkaAdminClient())) {
            for (String topic : Topics.all(PROCESSORS)) {
                producer.send(new ProducerRecord<>(topic, 0, "access-test", "{}"));
            }
            producer.flush();
        }
    }

    @Test
    void aClientWithoutCredentialsCanNeitherProduceNorRead() {
        Map<String, Object> plaintext = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        ExecutionException sent = assertThrows(ExecutionException.class, () -> send(plaintext, Topics.COMPLETIONS));
        // the broker only speaks SASL: the client never even gets the topic's metadata
        assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, sent.getCause());
        try (var consumer = consumer(plaintext)) {
            consumer.assign(List.of(new TopicPartition(Topics.COMPLETIONS, 0)));
            assertThrows(
                    org.apache.kafka.common.errors.TimeoutException.class,
                    () -> consumer.position(new TopicPartition(Topics.COMPLETIONS, 0), QUICK));
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> wrong = new HashMap<>(infra.kafkaClient(KafkaAccess.REQUEST_SERVICE));
        wrong.putAll(KafkaAccess.clientProperties(KafkaAccess.REQUEST_SERVICE, "not-the-password"));
        ExecutionException sent = assertThrows(ExecutionException.class, () -> send(wrong, Topics.REQUESTS));
        assertInstanceOf(SaslAuthenticationException.class, sent.getCause());
    }

    @Test
    void anAdapterCannotWriteCompletionsNorReadAnotherProcessorsCommands() throws Exception {
        Map<String, Object> hostingAdapter = infra.kafkaClient(KafkaAccess.adapter("hosting"));
        ExecutionException forged =
                assertThrows(ExecutionException.class, () -> send(hostingAdapter, Topics.COMPLETIONS));
        assertInstanceOf(TopicAuthorizationException.class, forged.getCause());
        assertTrue(canRead(hostingAdapter, Topics.commands("hosting")));
        assertThrows(TopicAuthorizationException.class, () -> canRead(hostingAdapter, Topics.commands("payments")));
        send(hostingAdapter, Topics.OUTCOMES); // what it is there for

        Map<String, Object> connector = infra.kafkaClient(KafkaAccess.CONNECTOR);
        assertInstanceOf(
                TopicAuthorizationException.class,
                assertThrows(ExecutionException.class, () -> send(connector, Topics.COMPLETIONS))
                        .getCause());
    }

    /** Every principal against every topic of the deployment: a write or read succeeds exactly when it is granted. */
    @Test
    void eachPrincipalCanDoExactlyWhatTheDescriptionGrants() {
        List<String> mismatches = new ArrayList<>();
        for (KafkaAccess.Principal principal : KafkaAccess.principals(DEPLOYMENT)) {
            Map<String, Object> client = infra.kafkaClient(principal.name());
            try (var producer = producer(client);
                    var consumer = consumer(client)) {
                for (String topic : Topics.all(PROCESSORS)) {
                    boolean wrote = wrote(producer, topic);
                    if (wrote != principal.writes().contains(topic)) {
                        mismatches.add(principal.name() + (wrote ? " could" : " could not") + " write " + topic);
                    }
                    boolean read = read(consumer, topic);
                    if (read != principal.reads().contains(topic)) {
                        mismatches.add(principal.name() + (read ? " could" : " could not") + " read " + topic);
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void theBrokersAclsForThesePrincipalsAreTheDescriptionsAcls() throws Exception {
        Set<String> principals = KafkaAccess.principals(DEPLOYMENT).stream()
                .map(p -> "User:" + p.name())
                .collect(Collectors.toSet());
        try (Admin admin = Admin.create(infra.kafkaAdminClient())) {
            Set<String> onBroker = admin.describeAcls(AclBindingFilter.ANY).values().get().stream()
                    .filter(b -> principals.contains(b.entry().principal()))
                    .map(AclBinding::toString)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> described = KafkaAccess.acls(DEPLOYMENT).stream()
                    .map(SecureKafkaBroker::binding)
                    .map(AclBinding::toString)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(described, onBroker);
        }
    }

    private static boolean wrote(KafkaProducer<String, String> producer, String topic) {
        try {
            producer.send(new ProducerRecord<>(topic, "access-test", "{}")).get();
            return true;
        } catch (ExecutionException e) {
            assertInstanceOf(TopicAuthorizationException.class, e.getCause(), topic);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean read(KafkaConsumer<String, String> consumer, String topic) {
        try {
            return canRead(consumer, topic);
        } catch (TopicAuthorizationException e) {
            return false;
        }
    }

    private static boolean canRead(Map<String, Object> client, String topic) {
        try (var consumer = consumer(client)) {
            return canRead(consumer, topic);
        }
    }

    /**
     * Fetches the record of the topic's first partition (no group: only the topic's ACL is asked); a refused fetch
     * throws. Describing the topic is not reading it: WRITE lets a producer describe, and list offsets, too.
     */
    private static boolean canRead(KafkaConsumer<String, String> consumer, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long deadline = System.nanoTime() + QUICK.toNanos();
        while (System.nanoTime() < deadline) {
            if (!consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                return true;
            }
        }
        throw new AssertionError("neither a record nor a refusal from " + topic);
    }

    private static void send(Map<String, Object> client, String topic) throws ExecutionException, InterruptedException {
        try (var producer = producer(client)) {
            producer.send(new ProducerRecord<>(topic, "access-test", "{}")).get();
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) QUICK.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) QUICK.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) QUICK.toMillis() / 2);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) QUICK.toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) QUICK.toMillis());
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
