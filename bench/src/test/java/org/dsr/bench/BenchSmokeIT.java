package org.dsr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dsr.bench.fault.EndChecks;
import org.dsr.bench.stack.StackOptions;
import org.dsr.contracts.Topics;
import org.dsr.contracts.proof.ProofReport;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.StackConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI's bench smoke: {@code ./dsr bench run} exactly as a user types it (the script, then {@code java -cp
 * bench.jar:target/lib/*}), so a class path that lacks a jar, a launcher that cannot start the stack or a run that
 * loses sagas fails the build. A few dozen sagas on a stack of its own (every service, the broker and PostgreSQL as
 * processes, on free ports in a temporary state directory), then what a user looks at: every saga completed, the
 * result file with sane figures, and the completion log through the offline verifier.
 *
 * <p>Runs after {@code package} (failsafe), in the reactor after every service module, so the jars are there:
 * {@code DSR_SKIP_BUILD=1} makes {@code ./dsr} fail rather than start a second build inside this one.
 */
@Tag("real-infrastructure")
class BenchSmokeIT {

    private static final int SAGAS = 30;
    private static final long TIMEOUT_MINUTES = 10;
    private static final Pattern RESULT = Pattern.compile("(?m)^result:\\s+(\\S+\\.json)\\s*$");
    private static final Set<String> COMPLETED = Set.of("COMPLETED", "COMPLETED_WITH_RETENTION");

    @Test
    void aShortRunFromTheCommandLineCompletesEverySagaWritesItsFiguresAndItsProofsVerify(@TempDir Path tmp)
            throws Exception {
        Path root = repoRoot();
        Path state = tmp.resolve("state");
        Path output = tmp.resolve("bench.out");
        Path resultFile = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(
                            "bash",
                            root.resolve("dsr").toString(),
                            "bench",
                            "run",
                            "--requests",
                            String.valueOf(SAGAS),
                            "--skip-ceilings",
                            "--label",
                            "ci-smoke",
                            "--state-dir",
                            state.toString(),
                            "--random-ports")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            // the JDK that runs this test runs the bench too; never a build inside the build
            pb.environment()
                    .put(
                            "PATH",
                            Path.of(System.getProperty("java.home"), "bin")
                                    + File.pathSeparator
                                    + System.getenv("PATH"));
            pb.environment().put("DSR_SKIP_BUILD", "1");
            pb.environment().remove("DSR_HOME");
            Process bench = pb.start();
            boolean exited = bench.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!exited) {
                bench.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                bench.destroyForcibly();
            }
            String out = Files.readString(output);
            System.out.print(out); // into failsafe's report: where a slow or failed run spent its time
            assertThat(exited)
                    .as("./dsr bench run ended within %d min; output:%n%s", TIMEOUT_MINUTES, out)
                    .isTrue();
            assertThat(bench.exitValue())
                    .as("./dsr bench run exit code; output:%n%s", out)
                    .isZero();

            Matcher m = RESULT.matcher(out);
            assertThat(m.find()).as("a result line in:%n%s", out).isTrue();
            resultFile = Path.of(m.group(1));
            assertThat(resultFile.getFileName().toString()).endsWith("-ci-smoke.json");
            JsonNode result = new ObjectMapper().readTree(resultFile.toFile());
            assertTheFiguresAreSane(result, out);

            // the completion log of this stack (only this run's sagas) through the offline verifier
            LocalStack stack = new LocalStack(stackOf(state));
            EndChecks checks = new EndChecks(stack);
            assertThat(checks.openSagas()).as("sagas not in a final state").isEmpty();
            ProofReport proof = checks.verifyChain();
            assertThat(proof.ok())
                    .as("the completion log verifies: %s", String.join("\n", proof.lines()))
                    .isTrue();
            assertThat(proof.verified()).hasSizeGreaterThanOrEqualTo(SAGAS);
            assertThat(proof.verified())
                    .extracting(ProofReport.VerifiedRecord::status)
                    .allMatch(COMPLETED::contains);
        } finally {
            // whatever the bench left running (it was not given --down: the proof is read from the live stack)
            new LocalStack(stackOf(state)).down();
            if (resultFile != null) {
                // bench/results is committed: a smoke run's file does not belong there
                Files.deleteIfExists(resultFile);
            }
        }
    }

    private static void assertTheFiguresAreSane(JsonNode result, String out) {
        String context = "result file; bench output:\n" + out;
        assertThat(result.path("command").asText()).as(context).isEqualTo("run");
        assertThat(result.path("label").asText()).as(context).isEqualTo("ci-smoke");
        assertThat(result.path("machine").path("nproc").asInt(0)).as(context).isPositive();

        JsonNode params = result.path("parameters");
        assertThat(params.path("requests").asInt()).as(context).isEqualTo(SAGAS);
        // a fresh state directory: every saga erases a real sample person in all four stores
        assertThat(params.path("subjects_real").asInt()).as(context).isEqualTo(SAGAS);
        assertThat(params.path("subjects_synthetic").asInt()).as(context).isZero();

        JsonNode requests = result.path("requests");
        assertThat(requests.path("sent").asInt()).as(context).isEqualTo(SAGAS);
        assertThat(requests.path("accepted").asInt()).as(context).isEqualTo(SAGAS);
        assertThat(requests.path("failed").asInt(-1)).as(context).isZero();
        assertThat(requests.path("completed").asInt()).as(context).isEqualTo(SAGAS);
        assertThat(requests.path("incomplete").asInt(-1)).as(context).isZero();
        assertThat(requests.path("duplicates").asInt(-1)).as(context).isZero();
        assertThat(requests.path("unmatched_completions").asInt(-1)).as(context).isZero();
        assertThat(requests.path("timed_out").asBoolean(true)).as(context).isFalse();
        List<String> statuses = new ArrayList<>();
        int byStatus = 0;
        for (Map.Entry<String, JsonNode> e : requests.path("completion_status").properties()) {
            statuses.add(e.getKey());
            byStatus += e.getValue().asInt();
        }
        assertThat(statuses).as(context).isNotEmpty().allMatch(COMPLETED::contains);
        assertThat(byStatus).as(context).isEqualTo(SAGAS);

        assertThat(result.path("sagas_per_s").asDouble()).as(context).isPositive();
        assertThat(result.path("accepted_per_s").asDouble()).as(context).isPositive();
        JsonNode latency = result.path("latency_ms");
        assertThat(latency.path("count").asInt()).as(context).isEqualTo(SAGAS);
        double p50 = latency.path("p50_ms").asDouble();
        assertThat(p50).as(context).isPositive();
        assertThat(latency.path("p99_ms").asDouble())
                .as(context)
                .isBetween(p50, latency.path("max_ms").asDouble());

        JsonNode kafka = result.path("kafka");
        assertThat(kafka.path("messages_per_saga").asDouble()).as(context).isPositive();
        JsonNode topics = kafka.path("messages_per_topic");
        assertThat(topics.path("dsr.intake").asInt()).as(context).isEqualTo(SAGAS);
        assertThat(topics.path("dsr.completions").asInt()).as(context).isGreaterThanOrEqualTo(SAGAS);
        for (Map.Entry<String, JsonNode> e : topics.properties()) {
            if (e.getKey().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
                assertThat(e.getValue().asLong())
                        .as("dead letters on " + e.getKey())
                        .isZero();
            }
        }
        assertThat(result.path("postgres").path("commits").asLong()).as(context).isPositive();

        // every component was metered: PostgreSQL, Kafka, the seven services and the bench itself
        JsonNode processes = result.path("processes");
        for (String component : List.of(
                "postgres",
                "kafka",
                "request-service",
                "erasure-orchestrator",
                "hosting",
                "email-delivery",
                "analytics",
                "payments",
                "connector",
                "bench")) {
            assertThat(processes.path(component).path("rss_peak_mb").asDouble())
                    .as("%s's peak RSS; %s", component, context)
                    .isPositive();
        }
        assertThat(processes.path("all_components").path("cpu_s").asDouble())
                .as(context)
                .isPositive();
    }

    /** {@code -Ddsr.repo.root} (failsafe sets it), else the first directory up from here that holds {@code ./dsr}. */
    private static Path repoRoot() {
        for (Path p = StackOptions.defaultRepoRoot(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("dsr")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no ./dsr above " + StackOptions.defaultRepoRoot());
    }

    /** The stack the bench started in {@code state} (its ports are in {@code state/bench-ports.properties}). */
    private static StackConfig stackOf(Path state) {
        return StackOptions.of(state, false, false).config();
    }
}
