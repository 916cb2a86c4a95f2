package org.dsr.bench.fault;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dsr.bench.report.CheckResult;
import org.dsr.bench.stack.BenchStack;
import org.dsr.bench.stack.HelpOption;
import org.dsr.bench.stack.StackArgs;
import org.dsr.bench.stack.StackOptions;
import org.dsr.contracts.access.KafkaAccess;
import org.dsr.contracts.crypto.Pseudonymizer;
import org.dsr.contracts.proof.ProofReport;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.ServiceSpec;
import org.dsr.localstack.StackConfig;
import org.dsr.localstack.StackKafka;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./dsr bench faults}: erasure requests for real sample people, mostly over Kafka intake and some over REST,
 * while each kind of process of the stack in turn is killed with SIGKILL at a random moment and restarted. Then,
 * within {@code --settle}: every accepted request has exactly one final completion record, the chain verifies, no
 * processor store holds data of an erased subject, nothing is stuck. Prints the table, writes JSON under
 * {@code bench/results/}, exits 1 on any failure.
 */
@Command(
        name = "faults",
        abbreviateSynopsis = true,
        sortOptions = false,
        description = {
            "erasure requests while every kind of process is "
                    + "SIGKILLed in turn and restarted; checks: one completion record per accepted request, chain verifies, no "
                    + "leftovers, nothing stuck (docs/performance.md, Fault harness); needs a fresh --state-dir"
        },
        exitCodeListHeading = "%nexit codes:%n",
        exitCodeList = {"0:every check passed", "1:a check failed", "2:usage error"})
public final class FaultCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = "--requests",
            paramLabel = "N",
            defaultValue = "10000",
            description = "erasure requests (default ${DEFAULT-VALUE})")
    long requests;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "25",
            description = "requests per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--rest-every",
            paramLabel = "K",
            defaultValue = "10",
            description = "every K-th request over REST, the others over Kafka; 0: all over Kafka "
                    + "(default ${DEFAULT-VALUE})")
    long restEvery;

    @Option(names = "--seed", paramLabel = "N", description = "the schedule's seed, to repeat a run (default: random)")
    Long seed;

    @Option(
            names = "--kinds",
            paramLabel = "a,b,...",
            split = ",",
            description = "kinds of process to kill (default: all of ${COMPLETION-CANDIDATES})",
            completionCandidates = FaultCommand.Kinds.class)
    List<String> kinds;

    @Option(
            names = "--min-pause",
            paramLabel = "D",
            defaultValue = "10s",
            description = "least time between two faults (default ${DEFAULT-VALUE})")
    Duration minPause;

    @Option(
            names = "--max-pause",
            paramLabel = "D",
            defaultValue = "30s",
            description = "most time between two faults (default ${DEFAULT-VALUE})")
    Duration maxPause;

    @Option(
            names = "--max-downtime",
            paramLabel = "D",
            defaultValue = "5s",
            description = "longest a killed process stays down (default ${DEFAULT-VALUE})")
    Duration maxDowntime;

    @Option(
            names = "--settle",
            paramLabel = "D",
            defaultValue = "5m",
            description = "time for the end checks to come true (default ${DEFAULT-VALUE})")
    Duration settle;

    @Option(
            names = "--recheck",
            paramLabel = "RUN",
            description = {
                "no sending, no faults, only the checks of an "
                        + "earlier run (same --requests, --rest-every and --state-dir)"
            })
    String recheck;

    @ArgGroup(exclusive = false, validate = false, heading = "%nstack options:%n")
    StackArgs stackArgs;

    FaultCommand() {}

    /** The kinds of process {@code --kinds} accepts, for its description. */
    static final class Kinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return FaultSchedule.COMPONENTS.iterator();
        }
    }

    @Override
    public Integer call() {
        StackOptions options = StackArgs.options(stackArgs);
        int requests = (int) this.requests;
        int restEvery = (int) this.restEvery;
        long seed = this.seed != null ? this.seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        List<String> kinds = this.kinds != null ? this.kinds : FaultSchedule.COMPONENTS;
        for (String k : kinds) {
            if (!FaultSchedule.COMPONENTS.contains(k)) {
                throw new IllegalArgumentException(
                        "--kinds: unknown component '" + k + "'; known: " + FaultSchedule.COMPONENTS);
            }
        }
        FaultSchedule schedule = new FaultSchedule(seed, kinds, minPause, maxPause, maxDowntime);

        System.out.println("faults: seed " + seed + " (repeat with --seed " + seed + "), " + requests
                + " requests at " + rate + "/s, every "
                + (restEvery > 0 ? restEvery + "th over REST" : "one over Kafka")
                + ", kinds " + kinds);
        StackConfig config = BenchStack.withSamplePeople(options.config(), Math.max(300, requests))
                .withServiceReadyTimeout(Duration.ofMinutes(4));
        if (recheck != null) {
            recheckSubjects(options.stateDir(), "faults", recheck, requests, "--requests");
        }
        LocalStack stack = BenchStack.openOrStop(config, options, 3);
        int code;
        try {
            code = run(stack, requests, rate, restEvery, seed, kinds, schedule, settle, recheck);
        } catch (SQLException e) {
            throw new IllegalStateException("end checks failed: " + e.getMessage(), e);
        } finally {
            // also when the run fails: --down promises no processes left behind
            BenchStack.closeIfAsked(stack, options);
        }
        return code;
    }

    static int run(
            LocalStack stack,
            int requests,
            double rate,
            int restEvery,
            long seed,
            List<String> kinds,
            FaultSchedule schedule,
            Duration settle,
            String recheck)
            throws SQLException {
        String tag = recheck != null ? recheck : Long.toString(System.currentTimeMillis(), 36);
        RunSubjects subjects = subjectsOf(stack, "faults", tag, recheck != null, requests, "--requests");
        System.out.println("run " + tag + (recheck != null ? ": checks only" : ""));
        String source = "/bench-faults-" + tag;
        String restCaller = "bench-faults-" + tag;
        List<RetryingSender.Submission> submissions = new ArrayList<>();
        for (RunSubjects.Subject s : subjects.subjects()) {
            boolean rest = restEvery > 0 && s.index() % restEvery == restEvery - 1;
            submissions.add(new RetryingSender.Submission(
                    s.index(), "fault-" + tag + "-" + s.index(), rest, s.email(), s.jurisdiction()));
        }
        String token = stack.token("dsr-submitter", restCaller);
        Instant started = Instant.now();
        AtomicBoolean sendingDone = new AtomicBoolean();
        FaultInjector injector = new FaultInjector(stack, schedule, () -> !sendingDone.get());
        Thread injectorThread = new Thread(injector, "bench-faults");
        EndChecks checks = new EndChecks(stack);
        try (RetryingSender sender = new RetryingSender(
                submissions::get,
                requests,
                source,
                StackKafka.client(stack.config(), KafkaAccess.INTAKE_PRODUCER),
                stack.config().serviceUrl(ServiceSpec.REQUEST_SERVICE) + "/api/v1/requests",
                token)) {
            long sendDeadline = System.nanoTime()
                    + (long) (requests / Math.max(rate, 1) * 3e9)
                    + Duration.ofMinutes(15).toNanos();
            Thread senderThread = new Thread(() -> sender.run(rate, sendDeadline), "bench-sender");
            if (recheck != null) {
                for (int i = 0; i < requests; i++) {
                    sender.markAccepted(i);
                }
                sender.stop();
                injector.stop();
            }
            injectorThread.start();
            senderThread.start();
            while (senderThread.isAlive()) {
                join(senderThread, Duration.ofSeconds(30));
                System.out.printf(
                        "%6.0f s  accepted %d of %d, unresolved %d, attempts %d (%d failed), faults %d%n",
                        secondsSince(started),
                        sender.countIn(RetryingSender.ACCEPTED),
                        requests,
                        sender.unresolved(),
                        sender.attempts(),
                        sender.failedAttempts(),
                        injector.log().size());
            }
            sendingDone.set(true);
            Instant sent = Instant.now();
            System.out.println("sending done after " + (int) secondsSince(started) + " s; finishing the fault round");
            join(injectorThread, Duration.ofMinutes(30));
            injector.stop();
            restartWhatIsMissing(stack);
            System.out.println("faults done after " + (int) secondsSince(started) + " s; settling (at most "
                    + settle.toSeconds() + " s)");

            Instant deadline = Instant.now().plus(settle);
            List<FaultReport.Observed> observed;
            while (true) {
                observed = observe(checks, submissions, sender, source, restCaller, subjects, stack, false);
                long open = observed.stream()
                        .filter(o -> FaultReport.classify(o) != FaultReport.Verdict.COMPLETED
                                && FaultReport.classify(o) != FaultReport.Verdict.NEEDS_ATTENTION)
                        .count();
                if (open == 0 || Instant.now().isAfter(deadline)) {
                    System.out.printf(
                            "%6.0f s  %d accepted requests not completed%s%n",
                            secondsSince(started), open, open == 0 ? "" : " at the settle deadline");
                    break;
                }
                System.out.printf(
                        "%6.0f s  settling: %d accepted requests not completed yet, open sagas %s%n",
                        secondsSince(started), open, checks.openSagas());
                sleep(Duration.ofSeconds(10));
            }
            Instant settled = Instant.now();
            observed = observe(checks, submissions, sender, source, restCaller, subjects, stack, true);
            ProofReport chain = checks.verifyChain();
            String chainSummary = chain.ok()
                    ? "verified " + chain.verified().size() + " records"
                    : chain.problem()
                            .map(p -> p.check() + " at #" + p.sequence() + " (request " + p.requestId() + "): "
                                    + p.message())
                            .orElse("failed");
            Map<String, Long> leftovers = checks.leftovers(subjects);
            List<String> killed = injector.log().stream()
                    .map(FaultInjector.Injected::component)
                    .distinct()
                    .toList();
            FaultReport report = FaultReport.of(
                    injector.log().size(),
                    killed,
                    requests,
                    sender.countIn(RetryingSender.REJECTED),
                    observed,
                    chain.ok(),
                    chainSummary,
                    leftovers,
                    injector.failure());
            List<String> failures = report.failures(kinds);

            System.out.println();
            System.out.println("fault log (seed " + seed + "):");
            System.out.printf(
                    "| %3s | %-24s | %-21s | %10s | %s%n", "#", "killed at (UTC)", "component", "down (s)", "restart");
            for (FaultInjector.Injected f : injector.log()) {
                System.out.printf(
                        "| %3d | %-24s | %-21s | %10.1f | %s%n",
                        f.number(),
                        f.killedAt(),
                        f.component(),
                        FaultInjector.seconds(f.downtime()),
                        f.restartAttempts() == 1 ? "ok" : f.note());
            }
            System.out.println();
            System.out.print(report.table());
            System.out.println("chain: " + chainSummary);
            System.out.println("sender: " + sender.attempts() + " attempts, " + sender.failedAttempts()
                    + " failed and retried; sending took "
                    + Duration.between(started, sent).toSeconds()
                    + " s, settling " + Duration.between(sent, settled).toSeconds() + " s");
            if (!report.lostIds().isEmpty()) {
                System.out.println("lost (first 20): " + report.lostIds());
            }
            if (!report.stuckIds().isEmpty()) {
                System.out.println("stuck (first 20): " + report.stuckIds());
            }
            if (!report.duplicateIds().isEmpty()) {
                System.out.println("duplicates (first 20): " + report.duplicateIds());
            }
            System.out.println(failures.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", failures));
            writeJson(stack, seed, rate, restEvery, report, failures, injector.log(), started, sent, settled);
            return failures.isEmpty() ? 0 : 1;
        } finally {
            injector.stop();
        }
    }

    /**
     * The subjects of run {@code tag}: for a new run, the first {@code count} sample people still in the hosting store,
     * written to the run file in the state directory ({@link RunSubjects#runFile}); for a re-check, read back from that
     * file, because the run erased them from the hosting store.
     *
     * @throws IllegalArgumentException on a re-check without a run file or with another {@code sizeOption} than the run
     */
    public static RunSubjects subjectsOf(
            LocalStack stack, String kind, String tag, boolean recheck, int count, String sizeOption) {
        if (!recheck) {
            RunSubjects subjects = RunSubjects.load(stack, count);
            subjects.write(RunSubjects.runFile(stack.config().baseDir(), kind, tag));
            return subjects;
        }
        return recheckSubjects(stack.config().baseDir(), kind, tag, count, sizeOption);
    }

    /**
     * The subjects of run {@code tag} from its run file, also called before the stack is opened so that a wrong run id
     * fails at once.
     *
     * @throws IllegalArgumentException without a run file or with another {@code sizeOption} than the run
     */
    public static RunSubjects recheckSubjects(Path stateDir, String kind, String tag, int count, String sizeOption) {
        RunSubjects subjects = RunSubjects.read(RunSubjects.runFile(stateDir, kind, tag));
        if (subjects.size() != count) {
            throw new IllegalArgumentException("--recheck " + tag + ": that run had " + subjects.size() + " subjects, "
                    + sizeOption + " says " + count + "; give the run's " + sizeOption);
        }
        return subjects;
    }

    /**
     * Every component that does not run is started again. A running service that is not ready (e.g. a consumer
     * channel failed: readiness DOWN with "[KO]") is left as it is: that is what the end checks must see.
     */
    static void restartWhatIsMissing(LocalStack stack) {
        try {
            stack.upInfra();
            for (ServiceSpec s : stack.config().services()) {
                if (!stack.isRunning(s.name())) {
                    stack.startService(s.name());
                }
            }
        } catch (RuntimeException e) {
            System.out.println("restart after the faults: " + BenchStack.firstLine(e.getMessage()));
        }
        for (ServiceSpec s : stack.config().services()) {
            if (!stack.isReady(s.name())) {
                System.out.println("not ready after the faults: " + s.name() + " (GET /q/health/ready does not"
                        + " answer 200; see its log)");
            }
        }
    }

    /** Reads the state of every accepted submission. {@code withKafka}: also count record ids on the topic. */
    static List<FaultReport.Observed> observe(
            EndChecks checks,
            List<RetryingSender.Submission> submissions,
            RetryingSender sender,
            String source,
            String restCaller,
            RunSubjects subjects,
            LocalStack stack,
            boolean withKafka)
            throws SQLException {
        Map<String, String> byKey = new LinkedHashMap<>(checks.requestIdsByKey("intake:" + source));
        byKey.putAll(checks.requestIdsByKey(restCaller));
        Map<String, String> statuses = checks.requestStatuses();
        Map<String, String> sagas = checks.sagaStatuses();
        Map<String, Integer> records = checks.recordsPerRequestAndVersion();
        Map<String, Integer> perPseudonym = withKafka ? checks.requestsPerPseudonym() : Map.of();
        Map<String, Set<String>> onKafka = withKafka ? checks.recordIdsOnKafka() : Map.of();
        Map<String, Integer> laterByRequest = new LinkedHashMap<>();
        records.forEach((k, v) -> {
            int slash = k.lastIndexOf('/');
            if (Integer.parseInt(k.substring(slash + 1)) > 1) {
                laterByRequest.merge(k.substring(0, slash), v, Integer::sum);
            }
        });
        Pseudonymizer pseudonymizer =
                withKafka ? RunSubjects.pseudonymizer(stack.config().keysDirOf("request-service")) : null;
        List<FaultReport.Observed> observed = new ArrayList<>();
        for (RetryingSender.Submission s : submissions) {
            if (!sender.accepted(s.index())) {
                continue;
            }
            String id = s.rest() && sender.restRequestId(s.index()) != null
                    ? sender.restRequestId(s.index())
                    : byKey.get(s.externalId());
            int forSubject = withKafka && s.email() != null
                    ? perPseudonym.getOrDefault(
                            RunSubjects.pseudonym(
                                    pseudonymizer, subjects.subjects().get(s.index())),
                            0)
                    : 1;
            observed.add(new FaultReport.Observed(
                    id,
                    id == null ? null : statuses.get(id),
                    id == null ? null : sagas.get(id),
                    id == null ? 0 : records.getOrDefault(id + "/1", 0),
                    id == null || !withKafka
                            ? 0
                            : onKafka.getOrDefault(id + "/1", Set.of()).size(),
                    id == null ? 0 : laterByRequest.getOrDefault(id, 0),
                    forSubject));
        }
        return observed;
    }

    private static void writeJson(
            LocalStack stack,
            long seed,
            double rate,
            int restEvery,
            FaultReport report,
            List<String> failures,
            List<FaultInjector.Injected> log,
            Instant started,
            Instant sent,
            Instant settled) {
        List<Map<String, Object>> faults = new ArrayList<>();
        for (FaultInjector.Injected f : log) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", f.number());
            m.put("killedAt", f.killedAt().toString());
            m.put("component", f.component());
            m.put("plannedDowntimeMs", f.plannedDowntime().toMillis());
            m.put("downtimeMs", f.downtime().toMillis());
            m.put("restartAttempts", f.restartAttempts());
            m.put("note", f.note());
            faults.add(m);
        }
        new CheckResult("faults", seed, rate)
                .with("restEvery", restEvery)
                .outcome(started, sent, settled, failures, report)
                .with("faults", faults)
                .write(stack.config().repoRoot());
    }

    static double secondsSince(Instant t) {
        return Duration.between(t, Instant.now()).toMillis() / 1000.0;
    }

    private static void join(Thread t, Duration d) {
        try {
            t.join(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
