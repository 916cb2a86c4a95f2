package org.dsr.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.TopicPartition;
import org.dsr.bench.report.KafkaCounters;
import org.dsr.bench.report.ProcStats;
import org.dsr.bench.report.ProcessMeter;
import org.dsr.bench.report.Report;
import org.dsr.bench.stack.BenchStack;
import org.dsr.bench.stack.HelpOption;
import org.dsr.bench.stack.StackArgs;
import org.dsr.bench.stack.StackOptions;
import org.dsr.contracts.Topics;
import org.dsr.contracts.access.KafkaAccess;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.StackConfig;
import org.dsr.localstack.StackKafka;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./dsr bench backlog}: publishes N intake events as fast as Kafka takes them (the services keep running), then
 * watches the system drain the backlog: completions per second, request-service's lag on {@code dsr.intake}, and the
 * RSS of every process every few seconds, to show whether memory stays flat while a large backlog is worked off. The
 * bench itself keeps only arrays indexed by sequence (due time, completion) and a primitive pseudonym→sequence map.
 */
@Command(
        name = "backlog",
        abbreviateSynopsis = true,
        sortOptions = false,
        description = {"publish N intake events at once, then watch " + "the drain and every process's RSS"})
public final class BacklogCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = "--requests",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "events (default ${DEFAULT-VALUE})")
    long requested;

    @Option(
            names = "--sample-interval",
            paramLabel = "D",
            defaultValue = "5s",
            description = "RSS / progress sampling (default ${DEFAULT-VALUE})")
    Duration interval;

    @Option(
            names = "--timeout",
            paramLabel = "D",
            defaultValue = "300s",
            description = "give up when no saga completed for D (default ${DEFAULT-VALUE})")
    Duration idle;

    @Option(
            names = "--drain-for",
            paramLabel = "D",
            description = {
                "stop watching D after the first event even if "
                        + "the backlog is not worked off (default: until every saga completed); reports what drained and what is "
                        + "left"
            })
    Duration drainFor;

    @Option(
            names = "--people",
            paramLabel = "N",
            defaultValue = "300",
            description = "sample population when the bench starts the adapters (default ${DEFAULT-VALUE})")
    long people;

    @Option(names = "--label", paramLabel = "L", description = "name in the result file (default backlog-<N>)")
    String label;

    @ArgGroup(exclusive = false, validate = false, heading = "%nstack options:%n")
    StackArgs stackArgs;

    BacklogCommand() {}

    private record DrainSample(double atSeconds, int completed, long intakeLag) {}

    @Override
    public Integer call() {
        StackOptions options = StackArgs.options(stackArgs);
        if (requested < 1 || requested > 50_000_000) {
            throw new IllegalArgumentException("--requests must be between 1 and 50000000");
        }
        int n = (int) requested;
        String label = this.label != null ? this.label : "backlog-" + n;
        if (drainFor != null && (drainFor.isNegative() || drainFor.isZero())) {
            throw new IllegalArgumentException("--drain-for must be a positive duration, e.g. 40m");
        }
        Instant startedAt = Instant.now();
        LoadSession.run(
                options,
                people,
                "backlog",
                label,
                startedAt,
                session -> run(session, n, interval, idle, drainFor, label, startedAt));
        return 0;
    }

    private static void run(
            LoadSession session,
            int n,
            Duration interval,
            Duration idle,
            Duration drainFor,
            String label,
            Instant startedAt) {
        LocalStack stack = session.stack();
        StackConfig config = session.config();
        ObjectNode result = session.result();
        String runTag = session.runTag();
        SubjectPool pool = session.pool();
        int real = Math.min(pool.realCount(), n);
        System.out.printf(
                "backlog: %d intake events (%d real sample people, %d synthetic subjects)%n", n, real, n - real);
        ObjectNode params = result.putObject("parameters");
        params.put("requests", n);
        params.put("via", "kafka");
        params.put("subjects_real", real);
        params.put("subjects_synthetic", n - real);
        params.put("sample_interval_s", interval.toMillis() / 1000.0);
        params.put("idle_timeout_s", idle.toSeconds());
        if (drainFor != null) {
            params.put("drain_for_s", drainFor.toSeconds());
        }
        params.put("state_dir", config.baseDir().toString());

        try (KafkaCounters kafka = new KafkaCounters(StackKafka.admin(config));
                KafkaIntakeSender sender =
                        new KafkaIntakeSender(StackKafka.client(config, KafkaAccess.INTAKE_PRODUCER))) {
            Map<TopicPartition, Long> before = kafka.endOffsets();
            SagaTracker tracker = new SagaTracker(n);
            LoadDriver.prepare(pool, 0, tracker);
            ProcessMeter meter = new ProcessMeter(
                    BenchStack.components(config),
                    List.of(LocalStack.POSTGRES),
                    stack::pid,
                    ProcStats.system(),
                    interval.toMillis(),
                    true);
            List<DrainSample> drain = new ArrayList<>();
            long origin = System.nanoTime();
            Thread sampler = new Thread(
                    () -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            try {
                                Thread.sleep(interval.toMillis());
                            } catch (InterruptedException e) {
                                return;
                            }
                            long lag = kafka.lag("request-service", Topics.INTAKE);
                            synchronized (drain) {
                                drain.add(new DrainSample(
                                        (System.nanoTime() - origin) / 1e9, tracker.completedCount(), lag));
                            }
                        }
                    },
                    "bench-drain-sampler");
            sampler.setDaemon(true);
            LoadDriver.Phase phase;
            try (CompletionWatcher watcher = new CompletionWatcher(StackKafka.admin(config), before, tracker)) {
                meter.start();
                sampler.start();
                phase = LoadDriver.run("backlog", pool, 0, tracker, 0, sender, watcher, runTag, idle, drainFor);
                sampler.interrupt();
                meter.stop();
            }
            Map<TopicPartition, Long> after = kafka.endOffsets();
            Map<String, Long> messages = KafkaCounters.perTopicDelta(before, after);
            long[] arrivals = tracker.arrivals();
            int completed = tracker.completedCount();
            double publishSeconds = (tracker.lastAckNanos() - phase.startNanos()) / 1e9;
            double publishRate = Report.rate(tracker.ackedCount(), tracker.lastAckNanos() - phase.startNanos());
            double drainRate = Throughput.firstToLast(arrivals);
            double drainMiddle = Throughput.middle(arrivals, 0.25, 0.75);

            result.put("published_per_s", Report.round(publishRate, 1));
            result.put("publish_s", Report.round(publishSeconds, 2));
            result.put("sagas_per_s", Report.round(drainRate, 2));
            result.put("sagas_per_s_sustained", Report.round(drainMiddle, 2));
            result.put("drain_s", Report.round((phase.endNanos() - phase.startNanos()) / 1e9, 1));
            ObjectNode counts = result.putObject("requests");
            counts.put("published", tracker.ackedCount());
            counts.put("failed", tracker.failedCount());
            counts.put("completed", completed);
            counts.put("incomplete", n - completed);
            counts.putPOJO("completion_status", tracker.statuses());
            counts.put("timed_out", phase.timedOut());
            counts.put("stopped_early", phase.stoppedEarly());
            long intakeLagLeft = kafka.lag("request-service", Topics.INTAKE);
            counts.put("intake_lag_at_end", intakeLagLeft);
            result.set("latency_ms", tracker.latency().toJson());
            ObjectNode k = result.putObject("kafka");
            k.put("messages", KafkaCounters.total(messages));
            k.put("messages_per_saga", Report.round(Report.perSaga(KafkaCounters.total(messages), completed), 2));
            k.putPOJO("messages_per_topic", messages);
            result.set("processes", meter.toJson());

            // memory while draining: samples after the last event was published
            double publishedAt = (tracker.lastAckNanos() - origin) / 1e9;
            List<ProcessMeter.Sample> samples = meter.timeline().stream()
                    .filter(s -> s.atSeconds() >= publishedAt)
                    .toList();
            ObjectNode memory = result.putObject("rss_during_drain");
            memory.put("samples", samples.size());
            memory.put(
                    "rule",
                    "flat = last-quarter max RSS <= first-quarter max + max(" + RssTrend.TOLERANCE_MB + " MB, "
                            + RssTrend.TOLERANCE_PCT + "%)");
            boolean allFlat = true;
            System.out.println();
            System.out.printf(
                    "published:  %d events in %.1f s (%.0f/s)%n", tracker.ackedCount(), publishSeconds, publishRate);
            System.out.printf(
                    "drained:    %d of %d sagas completed, %.1f/s first to last, %.1f/s steady middle%n",
                    completed, n, drainRate, drainMiddle);
            if (phase.stoppedEarly()) {
                System.out.printf(
                        "left:       stopped after %d s as asked; %d sagas open, %d events still queued on %s%n",
                        drainFor.toSeconds(), n - completed, intakeLagLeft, Topics.INTAKE);
            }
            System.out.println("latency:    " + tracker.latency().render());
            System.out.printf("  %-22s %14s %14s %8s%n", "process", "rss q1 max MB", "rss q4 max MB", "flat");
            if (!samples.isEmpty()) {
                for (String c : samples.get(0).rssKb().keySet()) {
                    RssTrend trend = RssTrend.of(samples.stream()
                            .map(s -> s.rssKb().getOrDefault(c, 0L))
                            .toList());
                    allFlat &= trend.flat();
                    memory.putObject(c)
                            .put("first_quarter_max_mb", Report.round(trend.firstQuarterMaxKb() / 1024.0, 1))
                            .put("last_quarter_max_mb", Report.round(trend.lastQuarterMaxKb() / 1024.0, 1))
                            .put("growth_mb", Report.round(trend.growthMb(), 1))
                            .put("flat", trend.flat());
                    System.out.printf(
                            "  %-22s %14.0f %14.0f %8s%n",
                            c,
                            trend.firstQuarterMaxKb() / 1024.0,
                            trend.lastQuarterMaxKb() / 1024.0,
                            trend.flat() ? "yes" : "NO");
                }
            }
            memory.put("all_flat", allFlat);
            ArrayNode timeline = result.putArray("timeline");
            synchronized (drain) {
                for (DrainSample d : drain) {
                    timeline.addObject()
                            .put("t_s", Report.round(d.atSeconds(), 1))
                            .put("completed", d.completed())
                            .put("intake_lag", d.intakeLag());
                }
            }
            ArrayNode rssTimeline = result.putArray("rss_timeline_mb");
            for (ProcessMeter.Sample s : meter.timeline()) {
                ObjectNode row = rssTimeline.addObject().put("t_s", Report.round(s.atSeconds(), 1));
                s.rssKb().forEach((c, kb) -> row.put(c, Report.round(kb / 1024.0, 1)));
            }
            System.out.print(meter.render());
            Path file = Report.write(config.repoRoot().resolve("bench/results"), startedAt, label, result);
            System.out.println("result:     " + file);
        }
    }
}
