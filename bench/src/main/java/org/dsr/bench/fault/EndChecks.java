package org.dsr.bench.fault;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.dsr.contracts.Topics;
import org.dsr.contracts.proof.ProofReport;
import org.dsr.contracts.proof.ProofVerifier;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.StackKafka;

/**
 * The reads behind the end checks of the fault harness (and the completion check of the poison harness): request ids
 * per submission, request and saga states, completion records per request (table and topic), the chain through the
 * offline verifier, and leftovers of erased subjects in the four processor stores. Read-only.
 */
public final class EndChecks {

    public static final List<String> ADAPTER_DATABASES = List.of("hosting", "email_delivery", "analytics", "payments");
    /** What the law keeps: invoices with buyer name and address (payments `invoices`, RETAINED, docs/adapters.md). */
    static final Set<String> ALLOWED = Set.of("payments.invoices.buyer_name", "payments.invoices.buyer_address");

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9.\\-]+");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]{1,320})\"");

    private final LocalStack stack;

    public EndChecks(LocalStack stack) {
        this.stack = stack;
    }

    /** Request id per idempotency key of one caller ({@code intake:<source>} for Kafka intake). */
    public Map<String, String> requestIdsByKey(String caller) throws SQLException {
        Map<String, String> ids = new HashMap<>();
        try (Connection c = stack.connect("request_service");
                PreparedStatement ps = c.prepareStatement(
                        "select idempotency_key, request_id::text from" + " idempotency_key where caller = ?")) {
            ps.setString(1, caller);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return ids;
    }

    /** request-service: status per request id. */
    public Map<String, String> requestStatuses() throws SQLException {
        return twoColumns("request_service", "select id::text, status from dsr_request");
    }

    /** request-service: how many requests each pseudonym has. */
    public Map<String, Integer> requestsPerPseudonym() throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        twoColumns("request_service", "select subject_pseudonym, count(*)::text from dsr_request group by 1")
                .forEach((k, v) -> counts.put(k, Integer.parseInt(v)));
        return counts;
    }

    /** Orchestrator: saga status per request id. */
    public Map<String, String> sagaStatuses() throws SQLException {
        return twoColumns("erasure_orchestrator", "select request_id::text, status from saga");
    }

    /** Orchestrator: completion records per request id and version ("id/version" → count). */
    public Map<String, Integer> recordsPerRequestAndVersion() throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        twoColumns(
                        "erasure_orchestrator",
                        "select request_id::text || '/' || version, count(*)::text from"
                                + " completion_record group by 1")
                .forEach((k, v) -> counts.put(k, Integer.parseInt(v)));
        return counts;
    }

    /** Sagas in a non-final state, by status (every saga of the stack, not only this run's). */
    public Map<String, Integer> openSagas() throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        twoColumns(
                        "erasure_orchestrator",
                        "select status, count(*)::text from saga where status not in"
                                + " ('COMPLETED', 'COMPLETED_WITH_RETENTION', 'NEEDS_ATTENTION', 'CANCELLED') group by 1")
                .forEach((k, v) -> counts.put(k, Integer.parseInt(v)));
        return counts;
    }

    private Map<String, String> twoColumns(String db, String sql) throws SQLException {
        Map<String, String> map = new HashMap<>();
        try (Connection c = stack.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                map.put(rs.getString(1), rs.getString(2));
            }
        }
        return map;
    }

    /** Distinct record ids per "requestId/version" seen on {@code dsr.completions}, read from the beginning. */
    public Map<String, Set<String>> recordIdsOnKafka() {
        Map<String, Set<String>> ids = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readTopic(StackKafka.admin(stack.config()), Topics.COMPLETIONS)) {
            if (r.value() == null) {
                continue;
            }
            try {
                JsonNode data = IntakeEvents.MAPPER.readTree(r.value()).path("data");
                ids.computeIfAbsent(
                                data.path("requestId").asText() + "/"
                                        + data.path("version").asInt(),
                                k -> new HashSet<>())
                        .add(data.path("recordId").asText());
            } catch (java.io.IOException e) {
                ids.computeIfAbsent("unreadable", k -> new HashSet<>()).add(r.partition() + "@" + r.offset());
            }
        }
        return ids;
    }

    /** Every record of one topic from the beginning to the end offsets at the time of the call. */
    public static List<ConsumerRecord<byte[], byte[]>> readTopic(Map<String, Object> kafka, String topic) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-scan-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(all::add);
            }
        }
        return all;
    }

    /** The whole chain, exported from the orchestrator's table in sequence order, through the offline verifier. */
    public ProofReport verifyChain() throws SQLException {
        StringBuilder export = new StringBuilder("[");
        try (Connection c = stack.connect("erasure_orchestrator")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setFetchSize(1000);
                try (ResultSet rs = st.executeQuery("select payload from completion_record order by sequence")) {
                    boolean first = true;
                    while (rs.next()) {
                        export.append(first ? "" : ",").append(rs.getString(1));
                        first = false;
                    }
                }
            }
            c.rollback();
        }
        export.append(']');
        return new ProofVerifier(VerificationKeys.fromDirectory(stack.config().publicKeysDir()))
                .verify(export.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Rows in the four processor stores whose text still holds an identifier of an erased subject, per
     * "database.table.column" (whole values, e-mail addresses inside values, and quoted strings inside JSON).
     * Retained invoices (buyer name and address) are allowed.
     */
    public Map<String, Long> leftovers(RunSubjects subjects) throws SQLException {
        Map<String, Long> found = new LinkedHashMap<>();
        for (String db : ADAPTER_DATABASES) {
            try (Connection c = stack.connect(db)) {
                c.setAutoCommit(false);
                List<String[]> columns = new ArrayList<>();
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("select table_name,"
                                + " column_name from information_schema.columns where table_schema = 'public' and data_type"
                                + " in ('text', 'character varying', 'jsonb', 'json') and table_name not like 'flyway%'"
                                + " order by 1, 2")) {
                    while (rs.next()) {
                        columns.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                for (String[] col : columns) {
                    String place = db + "." + col[0] + "." + col[1];
                    if (ALLOWED.contains(place)) {
                        continue;
                    }
                    long hits = 0;
                    try (Statement st = c.createStatement()) {
                        st.setFetchSize(5000);
                        try (ResultSet rs = st.executeQuery("select \"" + col[1] + "\"::text from \"" + col[0]
                                + "\" where \"" + col[1] + "\" is not null")) {
                            while (rs.next()) {
                                if (holdsSubject(rs.getString(1), subjects)) {
                                    hits++;
                                }
                            }
                        }
                    }
                    if (hits > 0) {
                        found.put(place, hits);
                    }
                }
                c.rollback();
            }
        }
        return found;
    }

    static boolean holdsSubject(String value, RunSubjects subjects) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (subjects.needles().contains(lower.strip())) {
            return true;
        }
        if (lower.indexOf('@') >= 0) {
            Matcher m = EMAIL.matcher(lower);
            while (m.find()) {
                if (subjects.emails().contains(m.group())) {
                    return true;
                }
            }
        }
        if (lower.indexOf('"') >= 0) {
            Matcher m = QUOTED.matcher(lower);
            while (m.find()) {
                if (subjects.needles().contains(m.group(1).strip())) {
                    return true;
                }
            }
        }
        return false;
    }
}
