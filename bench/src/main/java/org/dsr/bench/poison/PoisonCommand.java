package org.dsr.bench.poison;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dsr.bench.fault.EndChecks;
import org.dsr.bench.fault.FaultCommand;
import org.dsr.bench.fault.FaultReport;
import org.dsr.bench.fault.RetryingSender;
import org.dsr.bench.fault.RunSubjects;
import org.dsr.bench.report.CheckResult;
import org.dsr.bench.stack.BenchStack;
import org.dsr.bench.stack.HelpOption;
import org.dsr.bench.stack.StackArgs;
import org.dsr.bench.stack.StackOptions;
import org.dsr.contracts.Topics;
import org.dsr.contracts.access.KafkaAccess;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.ServiceSpec;
import org.dsr.localstack.StackConfig;
import org.dsr.localstack.StackKafka;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./dsr bench poison}: malformed intake events of every kind ({@link MalformedEvents}) mixed at random into a
 * flow of valid erasure requests on {@code dsr.intake}. Then, within {@code --settle}: every valid request completed,
 * every bad event is on {@code dsr.intake.dlq} (found by its record key) with a {@code dead-letter-reason} header, no
 * bad event became a request, and the lag of every consumer group is 0. Prints tables, writes JSON under
 * {@code bench/results/}, exits 1 on any failure.
 */
@Command(
        name = "poison",
        abbreviateSynopsis = true,
        sortOptions = false,
        description = {
            "malformed intake events of every kind mixed into "
                    + "valid requests; checks: valid ones complete, bad ones dead-lettered with a reason, consumer lag 0 everywhere "
                    + "(docs/performance.md, Poison and flood); needs a fresh --state-dir"
        },
        exitCodeListHeading = "%nexit codes:%n",
        exitCodeList = {"0:every check passed", "1:a check failed", "2:usage error"})
public final class PoisonCommand implements Callable<Integer> {

    static final String KIND_HEADER = "bench-poison-kind";

    @Mixin
    HelpOption help;

    @Option(
            names = "--valid",
            paramLabel = "N",
            defaultValue = "2000",
            description = "valid erasure requests (default ${DEFAULT-VALUE})")
    long valid;

    @Option(
            names = "--bad",
            paramLabel = "N",
            defaultValue = "10000",
            description = "malformed events (default ${DEFAULT-VALUE})")
    long bad;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "0",
            description = "events per second (default ${DEFAULT-VALUE}: as fast as acknowledged)")
    double rate;

    @Option(names = "--seed", paramLabel = "N", description = "the mix's seed, to repeat a run (default: random)")
    Long seed;

    @Option(
            names = "--settle",
            paramLabel = "D",
            defaultValue = "5m",
            description = "time for the end checks to come true (default ${DEFAULT-VALUE})")
    Duration settle;

    @Option(
            names = "--recheck",
            paramLabel = "RUN",
            description = {"no sending, only the checks of an earlier run " + "(same sizes, --seed and --state-dir)"})
    String recheck;

    @ArgGroup(exclusive = false, validate = false, heading = "%nstack options:%n")
    StackArgs stackArgs;

    PoisonCommand() {}

    @Override
    public Integer call() {
        StackOptions options = StackArgs.options(stackArgs);
        int valid = (int) this.valid;
        int bad = (int) this.bad;
        long seed = this.seed != null ? this.seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        System.out.println("poison: seed " + seed + ", " + valid + " valid requests, " + bad + " malformed events, "
                + (rate > 0 ? rate + "/s" : "as fast as acknowledged"));
        StackConfig config = BenchStack.withSamplePeople(options.config(), Math.max(300, valid))
                .withServiceReadyTimeout(Duration.ofMinutes(4));
        if (recheck != null) {
            FaultCommand.recheckSubjects(options.stateDir(), "poison", recheck, valid, "--valid");
        }
        LocalStack stack = BenchStack.openOrStop(config, options, 3);
        int code;
        try {
            code = run(stack, valid, bad, rate, seed, settle, recheck);
        } catch (SQLException e) {
            throw new IllegalStateException("end checks failed: " + e.getMessage(), e);
        } finally {
            // also when the run fails: --down promises no processes left behind
            BenchStack.closeIfAsked(stack, options);
        }
        return code;
    }

    static int run(
            LocalStack stack, int validCount, int badCount, double rate, long seed, Duration settle, String recheck)
            throws SQLException {
        String tag = recheck != null ? recheck : Long.toString(System.currentTimeMillis(), 36);
        RunSubjects subjects = FaultCommand.subjectsOf(stack, "poison", tag, recheck != null, validCount, "--valid");
        System.out.println("run " + tag + (recheck != null ? ": checks only" : ""));
        String source = "/bench-poison-" + tag;
        String badSource = "/bench-poison-bad-" + tag;
        String keyPrefix = "poison-" + tag + "-";
        MalformedEvents malformed = new MalformedEvents(badSource, seed);
        List<RetryingSender.Submission> submissions = new ArrayList<>();
        for (RunSubjects.Subject s : subjects.subjects()) {
            submissions.add(new RetryingSender.Submission(
                    s.index(), "valid-" + tag + "-" + s.index(), false, s.email(), s.jurisdiction()));
        }
        // the mix: -1-i for valid request i, n for bad event n, shuffled by the seed
        List<Integer> order = new ArrayList<>(validCount + badCount);
        for (int i = 0; i < validCount; i++) {
            order.add(-1 - i);
        }
        for (int n = 0; n < badCount; n++) {
            order.add(n);
        }
        Collections.shuffle(order, new Random(seed));
        EndChecks checks = new EndChecks(stack);
        AtomicIntegerArray badAcked = new AtomicIntegerArray(badCount);
        Instant started = Instant.now();
        try (RetryingSender sender = new RetryingSender(
                        submissions::get,
                        validCount,
                        source,
                        StackKafka.client(stack.config(), KafkaAccess.INTAKE_PRODUCER),
                        stack.config().serviceUrl(ServiceSpec.REQUEST_SERVICE) + "/api/v1/requests",
                        "unused");
                KafkaProducer<String, byte[]> producer =
                        badProducer(StackKafka.client(stack.config(), KafkaAccess.INTAKE_PRODUCER))) {
            long t0 = System.nanoTime();
            if (recheck != null) {
                order.clear();
                for (int i = 0; i < validCount; i++) {
                    sender.markAccepted(i);
                }
                for (int n = 0; n < badCount; n++) {
                    badAcked.set(n, 1);
                }
            }
            for (int i = 0; i < order.size(); i++) {
                if (rate > 0) {
                    long due = t0 + (long) (i * 1e9 / rate);
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                }
                int item = order.get(i);
                if (item < 0) {
                    sender.sendOne(-1 - item);
                } else {
                    sendBad(producer, malformed, keyPrefix, item, badAcked);
                }
            }
            producer.flush();
            sender.finish(System.nanoTime() + Duration.ofMinutes(5).toNanos());
            for (int attempt = 0; attempt < 5 && acked(badAcked) < badCount; attempt++) {
                for (int n = 0; n < badCount; n++) {
                    if (badAcked.get(n) != 1) {
                        sendBad(producer, malformed, keyPrefix, n, badAcked);
                    }
                }
                producer.flush();
            }
            Instant sent = Instant.now();
            System.out.printf(
                    "sent in %.1f s: %d valid accepted, %d bad acknowledged%n",
                    Duration.between(started, sent).toMillis() / 1000.0,
                    sender.countIn(RetryingSender.ACCEPTED),
                    acked(badAcked));

            Instant deadline = Instant.now().plus(settle);
            List<FaultReport.Observed> observed;
            Map<String, Long> lag;
            while (true) {
                observed = observe(checks, submissions, sender, source);
                lag = ConsumerLag.perGroup(StackKafka.admin(stack.config()));
                long open = observed.stream()
                        .filter(o -> FaultReport.classify(o) != FaultReport.Verdict.COMPLETED)
                        .count();
                long lagging = lag.values().stream().filter(l -> l != 0).count();
                if ((open == 0 && lagging == 0) || Instant.now().isAfter(deadline)) {
                    break;
                }
                System.out.printf(
                        "%6.0f s  settling: %d valid requests not completed, lag %s%n",
                        Duration.between(started, Instant.now()).toSeconds() * 1.0, open, nonZero(lag));
                sleep(Duration.ofSeconds(10));
            }
            Instant settled = Instant.now();
            List<String> notCompleted = new ArrayList<>();
            int completed = 0;
            for (FaultReport.Observed o : observed) {
                if (FaultReport.classify(o) == FaultReport.Verdict.COMPLETED) {
                    completed++;
                } else {
                    notCompleted.add(
                            o.requestId() == null
                                    ? "(no request)"
                                    : o.requestId() + " " + o.requestStatus() + "/" + o.sagaStatus());
                }
            }
            Map<String, String> reasons = deadLetters(StackKafka.admin(stack.config()), keyPrefix);
            List<PoisonReport.BadEvent> badEvents = new ArrayList<>();
            for (int n = 0; n < badCount; n++) {
                String key = keyPrefix + n;
                badEvents.add(new PoisonReport.BadEvent(
                        key, malformed.kindOf(n), badAcked.get(n) == 1, reasons.containsKey(key), reasons.get(key)));
            }
            // a bad event that has a CloudEvent source at all carries this run's bad source
            int became = (int)
                    count(stack, "select count(*) from dsr_request where submitted_by = 'intake:" + badSource + "'");
            PoisonReport report = PoisonReport.of(
                    validCount,
                    sender.countIn(RetryingSender.ACCEPTED),
                    completed,
                    notCompleted,
                    badEvents,
                    became,
                    lag);
            List<String> failures = report.failures();
            System.out.println();
            System.out.print(report.table());
            if (!report.notCompletedIds().isEmpty()) {
                System.out.println("not completed (first 20): " + report.notCompletedIds());
            }
            if (!report.missingFromDlq().isEmpty()) {
                System.out.println("missing from the dead-letter topic (first 20): " + report.missingFromDlq());
            }
            System.out.printf(
                    "sending %d s, settling %d s%n",
                    Duration.between(started, sent).toSeconds(),
                    Duration.between(sent, settled).toSeconds());
            System.out.println(failures.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", failures));
            new CheckResult("poison", seed, rate)
                    .outcome(started, sent, settled, failures, report)
                    .write(stack.config().repoRoot());
            return failures.isEmpty() ? 0 : 1;
        }
    }

    private static KafkaProducer<String, byte[]> badProducer(Map<String, Object> kafka) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(900_000));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "dsr-bench-poison");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static void sendBad(
            KafkaProducer<String, byte[]> producer,
            MalformedEvents malformed,
            String keyPrefix,
            int n,
            AtomicIntegerArray acked) {
        MalformedEvents.Kind kind = malformed.kindOf(n);
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.INTAKE, keyPrefix + n, malformed.value(n, kind));
        record.headers().add(KIND_HEADER, kind.name().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record, (meta, error) -> acked.set(n, error == null ? 1 : 2));
        } catch (RuntimeException e) {
            acked.set(n, 2);
        }
    }

    private static int acked(AtomicIntegerArray a) {
        int n = 0;
        for (int i = 0; i < a.length(); i++) {
            n += a.get(i) == 1 ? 1 : 0;
        }
        return n;
    }

    /** Dead-letter reason per record key on {@code dsr.intake.dlq}, for the keys of this run ("" when no header). */
    static Map<String, String> deadLetters(Map<String, Object> kafka, String keyPrefix) {
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : EndChecks.readTopic(kafka, Topics.deadLetter(Topics.INTAKE))) {
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            if (key == null || !key.startsWith(keyPrefix)) {
                continue;
            }
            Header h = r.headers().lastHeader("dead-letter-reason");
            reasons.put(key, h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return reasons;
    }

    static List<FaultReport.Observed> observe(
            EndChecks checks, List<RetryingSender.Submission> submissions, RetryingSender sender, String source)
            throws SQLException {
        Map<String, String> byKey = checks.requestIdsByKey("intake:" + source);
        Map<String, String> statuses = checks.requestStatuses();
        Map<String, String> sagas = checks.sagaStatuses();
        Map<String, Integer> records = checks.recordsPerRequestAndVersion();
        List<FaultReport.Observed> observed = new ArrayList<>();
        for (RetryingSender.Submission s : submissions) {
            if (!sender.accepted(s.index())) {
                continue;
            }
            String id = byKey.get(s.externalId());
            observed.add(new FaultReport.Observed(
                    id,
                    id == null ? null : statuses.get(id),
                    id == null ? null : sagas.get(id),
                    id == null ? 0 : records.getOrDefault(id + "/1", 0),
                    0,
                    0,
                    1));
        }
        return observed;
    }

    private static Map<String, Long> nonZero(Map<String, Long> lag) {
        Map<String, Long> m = new LinkedHashMap<>();
        lag.forEach((g, l) -> {
            if (l != 0) {
                m.put(g, l);
            }
        });
        return m;
    }

    private static long count(LocalStack stack, String sql) throws SQLException {
        try (Connection c = stack.connect("request_service");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
