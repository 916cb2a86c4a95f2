package org.dsr.adapter.kit.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dsr.contracts.Topics;
import org.dsr.contracts.crypto.Pseudonymizer;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.ReceivedOutcome;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.dsr.testsupport.TestInfrastructure;
import org.dsr.testsupport.TestSigningKeys;

/**
 * What the connector's tests do against the real broker and database for one hosted processor: publish commands as
 * the orchestrator would, read outcomes and dead letters back, count rows over JDBC. (The sample processors' own
 * systems have no command path; their tests run their data maps with {@link DataMapRun}.) A command's identifiers are
 * encrypted under a data key of its own request that the {@link DataKeyStub} releases, as request-service encrypts them.
 */
public final class AdapterTestClient implements AutoCloseable {

    private final String processor;
    private final String database;
    /** Pseudonyms are opaque to the connector: a test secret stands in for request-service's. */
    private static final Pseudonymizer PSEUDONYMS = new Pseudonymizer(new byte[32]);

    private final String bootstrap;
    private final KafkaProducer<String, String> producer;

    public AdapterTestClient(String processor, String database) {
        this.processor = processor;
        this.database = database;
        this.bootstrap = TestInfrastructure.get().kafkaBootstrap();
        Properties props = new Properties();
        props.putAll(TestInfrastructure.get().kafkaAdminClient());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    public String commandsTopic() {
        return Topics.commands(processor);
    }

    public ProcessorCommandV1 command(
            RequestType type,
            Jurisdiction jurisdiction,
            List<Identifier> identifiers,
            List<CategoryCommand> categories) {
        UUID requestId = UUID.randomUUID();
        Subject subject = new Subject(
                PSEUDONYMS.pseudonym(identifiers.get(0).normalised()),
                identifiers.stream().map(Identifier::type).distinct().toList(),
                DataKeyStub.get().encrypt(identifiers, requestId));
        return new ProcessorCommandV1(
                UUID.randomUUID(), requestId, processor, type, jurisdiction, subject, categories, Instant.now(), 1);
    }

    /**
     * A deferred erasure as the orchestrator sends it when retention ends: the retention handles only, no
     * identifiers (they are shredded by then).
     */
    public ProcessorCommandV1 deferredErase(String pseudonym, String category, List<String> handles) {
        Subject subject = new Subject(pseudonym, List.of(), null);
        return new ProcessorCommandV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                processor,
                RequestType.ERASURE,
                Jurisdiction.SE,
                subject,
                List.of(new CategoryCommand(category, org.dsr.contracts.event.Action.DEFERRED_ERASE, handles)),
                Instant.now(),
                1);
    }

    public static List<Identifier> email(String address) {
        return List.of(new Identifier(IdentifierType.EMAIL, address));
    }

    /**
     * The command signed as the orchestrator signs it, with the orchestrator's test key ({@link TestSigningKeys}, the
     * key the connector under test pins); a command already signed is left as it is.
     */
    public static ProcessorCommandV1 signed(ProcessorCommandV1 command) {
        return command.signature() != null ? command : signedBy(TestSigningKeys.of("orchestrator"), command);
    }

    /** The command signed with another owner's key, e.g. to forge one. */
    public static ProcessorCommandV1 signedBy(TestSigningKeys.Pair key, ProcessorCommandV1 command) {
        ProcessorCommandV1 unsigned = command.withSignature(null);
        return unsigned.withSignature(SignedJson.sign(unsigned, key.keyId(), key.privateKey()));
    }

    /** Publishes the command, signed by the orchestrator ({@link #signed}), as a new CloudEvent; the event id. */
    public String send(ProcessorCommandV1 command) {
        String eventId = UUID.randomUUID().toString();
        send(eventId, command);
        return eventId;
    }

    /** Publishes the command, signed, under the given CloudEvent id (a redelivery when the id was used before). */
    public void send(String eventId, ProcessorCommandV1 command) {
        sendAsIs(eventId, signed(command));
    }

    /** Publishes the command exactly as given: unsigned, or with whatever signature it carries. */
    public void sendAsIs(String eventId, ProcessorCommandV1 command) {
        String value = EventCodec.encode(
                eventId,
                ProcessorCommandV1.TYPE,
                URI.create("/erasure-orchestrator"),
                command.subject().pseudonym(),
                Instant.now(),
                command);
        sendRaw(command.subject().pseudonym(), value);
    }

    public void sendRaw(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(commandsTopic(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish", e);
        }
    }

    /** Waits until {@code expected} outcomes of the request are on dsr.outcomes. */
    public List<ProcessorOutcomeV1> awaitOutcomes(UUID requestId, int expected, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<ProcessorOutcomeV1> found;
        do {
            found = outcomes(requestId);
            if (found.size() >= expected) {
                return found;
            }
            sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("expected " + expected + " outcomes of request " + requestId + ", found "
                + found.size() + ": " + found);
    }

    /** Every outcome of the request on dsr.outcomes now (reads the topic to its end). */
    public List<ProcessorOutcomeV1> outcomes(UUID requestId) {
        List<ProcessorOutcomeV1> found = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll(Topics.OUTCOMES)) {
            var event = EventCodec.decode(record.value());
            if (ReceivedOutcome.TYPES.contains(event.type())) {
                for (ReceivedOutcome received : ReceivedOutcome.unpack(event)) {
                    if (requestId.equals(received.outcome().requestId())) {
                        found.add(received.outcome());
                    }
                }
            }
        }
        return found;
    }

    /** Waits for a record on this processor's dead-letter topic that matches. */
    public ConsumerRecord<String, String> awaitDeadLetter(
            Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        do {
            for (ConsumerRecord<String, String> record : readAll(Topics.deadLetter(commandsTopic()))) {
                if (match.test(record)) {
                    return record;
                }
            }
            sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("no matching dead letter on " + Topics.deadLetter(commandsTopic()));
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        return org.dsr.testsupport.TestKafka.header(record, name);
    }

    /** Reads a topic from the beginning to its current end. */
    public List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties props = new Properties();
        props.putAll(TestInfrastructure.get().kafkaAdminClient());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(10);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Checks that every outcome is signed by this adapter's key as published on {@code GET /api/v1/keys}
     * ({@code keysJson}): key id {@code <processor>-<12 hex>}, Ed25519, valid over the outcome without its signature.
     */
    public void assertSigned(List<ProcessorOutcomeV1> outcomes, String keysJson) {
        com.fasterxml.jackson.databind.JsonNode keysNode;
        try {
            keysNode = org.dsr.contracts.json.Json.MAPPER.readTree(keysJson);
        } catch (java.io.IOException e) {
            throw new AssertionError("keys answer is not JSON", e);
        }
        if (keysNode.size() != 1) {
            throw new AssertionError("expected one published key, got " + keysJson);
        }
        var key = keysNode.get(0);
        String keyId = key.get("keyId").asText();
        if (!keyId.matches(java.util.regex.Pattern.quote(processor) + "-[0-9a-f]{12}")
                || !"Ed25519".equals(key.get("algorithm").asText())) {
            throw new AssertionError("unexpected key " + keysJson);
        }
        java.security.PublicKey publicKey = org.dsr.contracts.crypto.Signatures.publicKey(
                key.get("publicKey").asText());
        for (ProcessorOutcomeV1 outcome : outcomes) {
            if (outcome.signature() == null
                    || !keyId.equals(outcome.signature().keyId())
                    || !org.dsr.contracts.crypto.SignedJson.verify(outcome, outcome.signature(), publicKey)) {
                throw new AssertionError("outcome " + outcome.outcomeId() + " is not signed by " + keyId);
            }
            ProcessorOutcomeV1 tampered = new ProcessorOutcomeV1(
                    outcome.outcomeId(),
                    outcome.commandId(),
                    outcome.requestId(),
                    outcome.processor(),
                    outcome.category(),
                    outcome.action(),
                    outcome.status(),
                    new org.dsr.contracts.event.Evidence(
                            outcome.evidence().rowsAffected() + 1,
                            outcome.evidence().remainingMatches(),
                            outcome.evidence().verification()),
                    outcome.retention(),
                    outcome.expectedCompletion(),
                    outcome.failure(),
                    outcome.completedAt(),
                    outcome.signature());
            if (org.dsr.contracts.crypto.SignedJson.verify(tampered, tampered.signature(), publicKey)) {
                throw new AssertionError("a changed outcome still verifies");
            }
        }
    }

    /** A single number from the adapter's database, e.g. a count. */
    public long count(String sql, Object... params) {
        try (Connection c = TestInfrastructure.get().connect(database);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Changes the adapter's database directly, e.g. to move a retain-until date into the past. */
    public int execute(String sql, Object... params) {
        try (Connection c = TestInfrastructure.get().connect(database);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of a query as lists of values. */
    public List<List<Object>> rows(String sql, Object... params) {
        try (Connection c = TestInfrastructure.get().connect(database);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
