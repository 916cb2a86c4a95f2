package org.dsr.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.TopicPartition;
import org.dsr.bench.ceiling.Ceilings;
import org.dsr.bench.report.JfrProfiler;
import org.dsr.bench.report.KafkaCounters;
import org.dsr.bench.report.PgCommits;
import org.dsr.bench.report.ProcStats;
import org.dsr.bench.report.ProcessMeter;
import org.dsr.bench.report.Report;
import org.dsr.bench.stack.BenchStack;
import org.dsr.bench.stack.HelpOption;
import org.dsr.bench.stack.StackArgs;
import org.dsr.bench.stack.StackOptions;
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
 * {@code ./dsr bench run}: N erasure requests through Kafka intake or REST, at a fixed rate or as fast as possible;
 * reports accepted/s, completed sagas/s, end-to-end latency, CPU and memory per process, Kafka messages and
 * PostgreSQL commits per saga, and the saga rate as a share of this machine's Kafka and PostgreSQL ceilings.
 */
@Command(
        name = "run",
        abbreviateSynopsis = true,
        sortOptions = false,
        description = {
            "N erasure requests, then rates, latency, CPU/RSS, "
                    + "messages and commits per saga, ceilings and ratios; JSON under bench/results/"
        })
public final class RunCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = "--requests",
            paramLabel = "N",
            defaultValue = "10000",
            description = "measured requests (default ${DEFAULT-VALUE})")
    long requests;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "0",
            description = "requests per second, open loop (default ${DEFAULT-VALUE} = as fast as possible)")
    double rate;

    @Option(
            names = "--duration",
            paramLabel = "D",
            description = "instead of --requests: R x D requests (e.g. 5m; needs --rate)")
    Duration duration;

    @Option(
            names = "--via",
            paramLabel = "kafka|rest",
            defaultValue = "kafka",
            description = "intake: dsr.intake CloudEvents (default ${DEFAULT-VALUE}) or POST /api/v1/requests")
    String via;

    @Option(
            names = "--concurrency",
            paramLabel = "C",
            defaultValue = "64",
            description = "REST requests in flight (default ${DEFAULT-VALUE})")
    long concurrency;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "0",
            description = "requests sent and completed before measuring (default ${DEFAULT-VALUE})")
    long warmup;

    @Option(
            names = "--timeout",
            paramLabel = "D",
            defaultValue = "120s",
            description = "give up when no saga completed for D (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(
            names = "--people",
            paramLabel = "N",
            description = {
                "sample population the adapters generate when "
                        + "the bench starts them on an empty state dir (default warmup + requests + 100, at least 300)"
            })
    Long people;

    @Option(
            names = "--label",
            paramLabel = "L",
            description = "name in the result file (default kafka|rest-<requests>)")
    String label;

    @Option(names = "--skip-ceilings", description = "do not measure the Kafka and PostgreSQL ceilings")
    boolean skipCeilings;

    @Option(
            names = "--kafka-records",
            paramLabel = "N",
            defaultValue = "" + Ceilings.DEFAULT_KAFKA_RECORDS,
            description = "ProducerPerformance records for the Kafka ceiling (default ${DEFAULT-VALUE})")
    long kafkaRecords;

    @Option(
            names = "--pg-clients",
            paramLabel = "N",
            defaultValue = "" + Ceilings.DEFAULT_PG_CLIENTS,
            description = "PostgreSQL ceiling clients (default ${DEFAULT-VALUE})")
    long pgClients;

    @Option(
            names = "--pg-seconds",
            paramLabel = "S",
            defaultValue = "10",
            description = "PostgreSQL ceiling length in seconds (default ${DEFAULT-VALUE})")
    long pgSeconds;

    @Option(
            names = "--profile",
            description = "JFR of every service during the window; top methods; " + "bench/results/profiles/")
    boolean profile;

    @ArgGroup(exclusive = false, validate = false, heading = "%nstack options:%n")
    StackArgs stackArgs;

    /** Sagas of the measured run that did not complete (set by the run; the command then exits 1). */
    private int incomplete;

    RunCommand() {}

    @Override
    public Integer call() {
        StackOptions stackOptions = StackArgs.options(stackArgs);
        if (!via.equals("kafka") && !via.equals("rest")) {
            throw new IllegalArgumentException("--via must be kafka or rest");
        }
        long requests = this.requests;
        if (duration != null) {
            if (rate <= 0) {
                throw new IllegalArgumentException("--duration needs --rate (requests = rate x duration)");
            }
            requests = Pacer.requestsFor(duration.toMillis() / 1000.0, rate);
        }
        if (requests < 1 || requests > 50_000_000 || warmup < 0) {
            throw new IllegalArgumentException("--requests must be between 1 and 50000000, --warmup >= 0");
        }
        int n = (int) requests;
        int warmup = (int) this.warmup;
        String label = this.label != null ? this.label : via + "-" + n;
        long people = this.people != null ? this.people : Math.max(300, warmup + n + 100L);
        Instant startedAt = Instant.now();

        LoadSession.run(
                stackOptions,
                people,
                "run",
                label,
                startedAt,
                session -> run(session, n, warmup, label, people, startedAt));
        if (incomplete > 0) {
            // the figures are written, but a run that lost sagas is a broken stack or bench, not a measurement
            System.err.printf("bench: %d of %d sagas did not complete%n", incomplete, n);
            return 1;
        }
        return 0;
    }

    private void run(LoadSession session, int n, int warmup, String label, long people, Instant startedAt) {
        Duration idle = timeout;
        LocalStack stack = session.stack();
        StackConfig config = session.config();
        ObjectNode result = session.result();
        String runTag = session.runTag();
        SubjectPool pool = session.pool();
        int real = Math.max(0, Math.min(pool.realCount() - warmup, n));
        System.out.printf(
                "subjects: %d sample people with data left; this run erases %d of them%s%n",
                pool.realCount(),
                real,
                real < n
                        ? " and " + (n - real) + " synthetic subjects that exist nowhere"
                                + " (NOT_FOUND everywhere): start on a fresh --state-dir for real erasures only"
                        : "");

        ObjectNode params = result.putObject("parameters");
        params.put("requests", n);
        params.put("warmup", warmup);
        params.put("rate_per_s", rate);
        params.put("paced", rate > 0);
        if (duration != null) {
            params.put("duration_s", duration.toSeconds());
        }
        params.put("via", via);
        int concurrency = (int) this.concurrency;
        if (via.equals("rest")) {
            params.put("concurrency", concurrency);
        }
        params.put("idle_timeout_s", idle.toSeconds());
        params.put("state_dir", config.baseDir().toString());
        params.put("sample_people_requested", people);
        params.put("subjects_real", real);
        params.put("subjects_synthetic", n - real);
        params.put(
                "correlation",
                "completion record subjectPseudonym = HMAC of the request's first identifier under "
                        + "the stack's pseudonym secret");

        List<String> services =
                config.services().stream().map(ServiceSpec::name).toList();
        List<String> databases = config.services().stream()
                .filter(ServiceSpec::hasDatabase)
                .map(ServiceSpec::database)
                .toList();
        try (KafkaCounters kafka = new KafkaCounters(StackKafka.admin(config));
                IntakeSender sender = via.equals("kafka")
                        ? new KafkaIntakeSender(StackKafka.client(config, KafkaAccess.INTAKE_PRODUCER))
                        : new RestIntakeSender(
                                config.serviceUrl(ServiceSpec.REQUEST_SERVICE),
                                stack.token("dsr-submitter", "bench"),
                                concurrency)) {
            Map<TopicPartition, Long> startOffsets = kafka.endOffsets();
            SagaTracker warm = new SagaTracker(Math.max(1, warmup));
            try (CompletionWatcher watcher = new CompletionWatcher(StackKafka.admin(config), startOffsets, warm)) {
                if (warmup > 0) {
                    System.out.printf("warm-up: %d requests via %s%n", warmup, via);
                    LoadDriver.prepare(pool, 0, warm);
                    LoadDriver.Phase w =
                            LoadDriver.run("warm-up", pool, 0, warm, rate, sender, watcher, runTag, idle, null);
                    System.out.printf(
                            "warm-up: %d of %d completed in %.1f s; letting PostgreSQL statistics settle" + " (%d s)%n",
                            warm.completedCount(),
                            warmup,
                            (w.endNanos() - w.startNanos()) / 1e9,
                            PgCommits.STATS_SETTLE_SECONDS);
                    PgCommits.settle();
                }
                // the services commit a little even when idle (outbox safety-net poll, watchdog): measure that
                // rate over one settle period so a short run can be read net of it
                Map<String, Long> idleStart = PgCommits.read(stack, databases);
                long idleT0 = System.nanoTime();
                System.out.printf("run: measuring idle commits (%d s)%n", PgCommits.STATS_SETTLE_SECONDS);
                PgCommits.settle();
                Map<String, Long> commitsBefore = PgCommits.read(stack, databases);
                double idleCommitsPerS = Report.rate(
                        PgCommits.total(PgCommits.delta(idleStart, commitsBefore)), System.nanoTime() - idleT0);
                Map<TopicPartition, Long> before = kafka.endOffsets();
                ProcessMeter meter = new ProcessMeter(
                        BenchStack.components(config),
                        List.of(LocalStack.POSTGRES),
                        stack::pid,
                        ProcStats.system(),
                        1000,
                        false);
                JfrProfiler profiler = null;
                if (profile) {
                    profiler = new JfrProfiler(
                            services,
                            stack::pid,
                            config.repoRoot().resolve("bench/results/profiles"),
                            Report.fileName(startedAt, label).replace(".json", ""));
                    profiler.start();
                }
                SagaTracker tracker = new SagaTracker(n);
                LoadDriver.prepare(pool, warmup, tracker);
                System.out.printf(
                        "run: %d requests via %s, %s%n",
                        n, via, rate > 0 ? "open loop at " + rate + "/s" : "as fast as possible");
                meter.start();
                LoadDriver.Phase phase =
                        LoadDriver.run("run", pool, warmup, tracker, rate, sender, watcher, runTag, idle, null);
                meter.stop();
                Map<String, Path> profiles = profiler == null ? Map.of() : profiler.stop();
                Map<TopicPartition, Long> after = kafka.endOffsets();
                System.out.printf("run: letting PostgreSQL statistics settle (%d s)%n", PgCommits.STATS_SETTLE_SECONDS);
                PgCommits.settle();
                Map<String, Long> commitsAfter = PgCommits.read(stack, databases);
                Map<String, Long> messages = KafkaCounters.perTopicDelta(before, after);
                double avgRecord = kafka.averageRecordBytes(before, after, 300);

                int completed = tracker.completedCount();
                incomplete = n - completed;
                long[] arrivals = tracker.arrivals();
                double sagasPerS = Throughput.firstToLast(arrivals);
                double sustained = Throughput.middle(arrivals, 0.25, 0.75);
                double overall = Report.rate(completed, phase.endNanos() - phase.startNanos());
                double acceptedPerS = Report.rate(tracker.ackedCount(), tracker.lastAckNanos() - phase.startNanos());
                long kafkaMessages = KafkaCounters.total(messages);
                Map<String, Long> commits = PgCommits.delta(commitsBefore, commitsAfter);
                long commitTotal =
                        commits.values().stream().mapToLong(Long::longValue).sum();
                double messagesPerSaga = Report.perSaga(kafkaMessages, completed);
                double commitsPerSaga = Report.perSaga(commitTotal, completed);
                double windowSeconds = (phase.endNanos() - phase.startNanos()) / 1e9;
                double commitsPerSagaNet = Report.perSaga(
                        Math.max(0, Math.round(commitTotal - idleCommitsPerS * windowSeconds)), completed);

                result.put("sagas_per_s", Report.round(sagasPerS, 2));
                result.put("sagas_per_s_sustained", Report.round(sustained, 2));
                result.put("sagas_per_s_overall", Report.round(overall, 2));
                result.put("accepted_per_s", Report.round(acceptedPerS, 2));
                ObjectNode counts = result.putObject("requests");
                counts.put("sent", n);
                counts.put("accepted", tracker.ackedCount());
                counts.put("failed", tracker.failedCount());
                counts.put("duplicates", tracker.duplicateCount());
                counts.put("completed", completed);
                counts.put("incomplete", n - completed);
                counts.putPOJO("completion_status", tracker.statuses());
                counts.put("unmatched_completions", tracker.unmatched());
                counts.put("timed_out", phase.timedOut());
                if (sender instanceof RestIntakeSender rest) {
                    counts.putPOJO("other_http_statuses", rest.otherStatuses());
                }
                ObjectNode window = result.putObject("window");
                window.put("send_s", Report.round((phase.sendEndNanos() - phase.startNanos()) / 1e9, 2));
                window.put(
                        "first_send_to_last_completion_s",
                        Report.round((phase.endNanos() - phase.startNanos()) / 1e9, 2));
                window.put(
                        "first_to_last_completion_s",
                        arrivals.length < 2 ? 0 : Report.round((arrivals[arrivals.length - 1] - arrivals[0]) / 1e9, 2));
                ArrayNode perSecond = window.putArray("completions_per_second");
                for (long c : Throughput.perSecond(arrivals, phase.startNanos())) {
                    perSecond.add(c);
                }
                result.set("latency_ms", tracker.latency().toJson());
                result.set("latency_ms_later_half", tracker.latencyLaterHalf().toJson());
                ObjectNode k = result.putObject("kafka");
                k.put("messages", kafkaMessages);
                k.put("messages_per_saga", Report.round(messagesPerSaga, 2));
                k.put("avg_record_bytes", Report.round(avgRecord, 0));
                k.put("intake_record_bytes", sender.lastBodyBytes());
                k.putPOJO("messages_per_topic", messages);
                ObjectNode pg = result.putObject("postgres");
                pg.put("commits", commitTotal);
                pg.put("commits_per_saga", Report.round(commitsPerSaga, 2));
                pg.put("idle_commits_per_s", Report.round(idleCommitsPerS, 1));
                pg.put("commits_per_saga_net_of_idle", Report.round(commitsPerSagaNet, 2));
                pg.putPOJO("commits_per_database", commits);
                pg.put(
                        "note",
                        "pg_stat_database.xact_commit of the six service databases, read after "
                                + PgCommits.STATS_SETTLE_SECONDS
                                + " s of quiet; includes read-only and idle-poll commits (commits_per_saga);"
                                + " net: minus idle_commits_per_s x the window");
                result.set("processes", meter.toJson());

                System.out.println();
                System.out.printf(
                        "accepted:   %.1f requests/s (%d of %d acknowledged%s)%n",
                        acceptedPerS,
                        tracker.ackedCount(),
                        n,
                        tracker.failedCount() > 0 ? ", " + tracker.failedCount() + " failed" : "");
                System.out.printf("completed:  %d of %d sagas %s%n", completed, n, tracker.statuses());
                System.out.printf(
                        "saga rate:  %.1f/s first to last completion, %.1f/s steady middle, %.1f/s from "
                                + "first send%n",
                        sagasPerS, sustained, overall);
                System.out.println("latency:    " + tracker.latency().render());
                System.out.println("  2nd half: " + tracker.latencyLaterHalf().render());
                System.out.printf(
                        "per saga:   %.1f Kafka messages (avg record %.0f B), %.1f PostgreSQL commits (%.1f"
                                + " net of %.1f idle commits/s)%n",
                        messagesPerSaga, avgRecord, commitsPerSaga, commitsPerSagaNet, idleCommitsPerS);
                System.out.print(meter.render());

                if (!profiles.isEmpty()) {
                    result.set("profile", profiler.report(10));
                }
                if (!skipCeilings) {
                    int recordSize = (int) Math.max(100, Math.round(Double.isNaN(avgRecord) ? 1024 : avgRecord));
                    Ceilings ceilings = Ceilings.measure(
                            stack, recordSize, kafkaRecords, (int) pgClients, Duration.ofSeconds(pgSeconds));
                    result.set("ceilings", ceilings.toJson());
                    double kafkaRatio = Report.ceilingRatio(
                            messagesPerSaga, sagasPerS, ceilings.kafka().recordsPerSecond());
                    double pgRatio = Report.ceilingRatio(
                            commitsPerSaga, sagasPerS, ceilings.postgres().commitsPerSecond());
                    ObjectNode ratios = result.putObject("ratios");
                    ratios.put("kafka", Report.round(kafkaRatio, 4));
                    ratios.put("postgres", Report.round(pgRatio, 4));
                    ratios.put("formula", "per-saga count x sagas_per_s / ceiling per second");
                    System.out.printf(
                            "ceilings:   Kafka %.0f records/s (%d B, acks=all) -> saga rate uses %.1f%%;"
                                    + " PostgreSQL %.0f commits/s -> %.1f%%%n",
                            ceilings.kafka().recordsPerSecond(),
                            recordSize,
                            100 * kafkaRatio,
                            ceilings.postgres().commitsPerSecond(),
                            100 * pgRatio);
                }
                Path file = Report.write(config.repoRoot().resolve("bench/results"), startedAt, label, result);
                System.out.println("result:     " + file);
            }
        }
    }
}
