package org.dsr.bench.ceiling;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.dsr.bench.report.Report;
import org.dsr.localstack.StackConfig;
import org.dsr.localstack.StackKafka;

/**
 * Kafka's own {@code org.apache.kafka.tools.ProducerPerformance} (artifact kafka-tools, same version as the broker)
 * against the stack's broker, as a child JVM on the broker's jars plus kafka-tools: acks=all, the given record size,
 * no throttle, into a scratch topic {@code bench.ceiling} with as many partitions as the dsr topics; the topic is
 * deleted afterwards.
 */
public final class KafkaCeiling {

    public static final String TOPIC = "bench.ceiling";
    static final int PARTITIONS = 4;
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) "
            + "MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency(?:, (\\d+) ms 50th, (\\d+) ms 95th, "
            + "(\\d+) ms 99th, (\\d+) ms 99.9th)?");

    /** What ProducerPerformance printed as its final summary. */
    public record Result(
            long records,
            double recordsPerSecond,
            double mbPerSecond,
            double avgLatencyMs,
            double maxLatencyMs,
            double p50Ms,
            double p99Ms,
            int recordSize) {

        public ObjectNode toJson() {
            ObjectNode n = Report.MAPPER.createObjectNode();
            n.put("tool", "org.apache.kafka.tools.ProducerPerformance (kafka-tools " + kafkaToolsVersion() + ")");
            n.put("acks", "all");
            n.put("record_size_bytes", recordSize);
            n.put("partitions", PARTITIONS);
            n.put("records", records);
            n.put("records_per_s", Report.round(recordsPerSecond, 1));
            n.put("mb_per_s", mbPerSecond);
            n.put("avg_latency_ms", avgLatencyMs);
            n.put("max_latency_ms", maxLatencyMs);
            n.put("p50_latency_ms", p50Ms);
            n.put("p99_latency_ms", p99Ms);
            return n;
        }
    }

    private KafkaCeiling() {}

    /** Parses ProducerPerformance's last summary line (the one without "window"/"ms avg" progress lines repeated). */
    public static Optional<Result> parse(List<String> lines, int recordSize) {
        Result last = null;
        for (String line : lines) {
            Matcher m = SUMMARY.matcher(line);
            if (m.find() && m.group(6) != null) {
                last = new Result(
                        Long.parseLong(m.group(1)),
                        Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(4)),
                        Double.parseDouble(m.group(5)),
                        Double.parseDouble(m.group(6)),
                        Double.parseDouble(m.group(8)),
                        recordSize);
            }
        }
        return Optional.ofNullable(last);
    }

    public static Result measure(StackConfig config, int recordSize, long records) {
        Path tools = toolsDir(config.repoRoot());
        try (Admin admin = admin(config)) {
            deleteTopic(admin);
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms256m",
                    "-Xmx512m",
                    "-Dlog4j2.configurationFile="
                            + config.kafkaDir().resolve("log4j2.properties").toUri(),
                    "-cp",
                    tools + File.separator + "*" + File.pathSeparator + config.kafkaLibsDir() + File.separator + "*",
                    "org.apache.kafka.tools.ProducerPerformance",
                    "--bootstrap-server",
                    config.kafkaBootstrap(),
                    "--topic",
                    TOPIC,
                    "--num-records",
                    String.valueOf(records),
                    "--record-size",
                    String.valueOf(recordSize),
                    "--throughput",
                    "-1",
                    "--reporting-interval",
                    "5000",
                    "--command-property",
                    "acks=all",
                    "--command-config",
                    adminClientFile(config).toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            List<String> out = new ArrayList<>();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            }
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("ProducerPerformance failed:\n" + String.join("\n", out));
            }
            deleteTopic(admin);
            return parse(out, recordSize)
                    .orElseThrow(() -> new IllegalStateException(
                            "no summary from ProducerPerformance:\n" + String.join("\n", out)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("Kafka ceiling: " + e, e);
        }
    }

    /** {@code bench/target/kafka-tools}: the kafka-tools jar the bench build copies there. */
    static Path toolsDir(Path repoRoot) {
        Path dir = repoRoot.resolve("bench/target/kafka-tools");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(
                    dir + " missing: build the bench (./mvnw -pl bench -am install " + "-DskipTests)");
        }
        return dir;
    }

    static String kafkaToolsVersion() {
        try (var in = KafkaCeiling.class.getResourceAsStream("/bench.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("kafka-tools.version", "?");
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * The admin's client settings as a file for the perf tool (its JAAS line cannot go through --command-property),
     * owner-only beside the broker's own settings.
     */
    private static Path adminClientFile(StackConfig config) throws java.io.IOException {
        Path file = config.kafkaDir().resolve("bench-admin-client.properties");
        Files.deleteIfExists(file);
        Files.createFile(
                file,
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Properties props = new Properties();
        StackKafka.admin(config).forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        try (var out = Files.newOutputStream(file)) {
            props.store(out, "written by the bench for ProducerPerformance");
        }
        return file;
    }

    private static Admin admin(StackConfig config) {
        Properties p = new Properties();
        p.putAll(StackKafka.admin(config));
        return Admin.create(p);
    }

    private static void deleteTopic(Admin admin) throws Exception {
        Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        if (names.contains(TOPIC)) {
            admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
            // deletion is asynchronous in KRaft: wait until the name is free again
            for (int i = 0;
                    i < 100
                            && admin.listTopics()
                                    .names()
                                    .get(30, TimeUnit.SECONDS)
                                    .contains(TOPIC);
                    i++) {
                Thread.sleep(100);
            }
        }
    }
}
