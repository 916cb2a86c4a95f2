package org.dsr.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsr.bench.BenchCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A smoke run of one micro-benchmark, in this JVM with one short iteration: the harness works, not a figure. */
class MicroCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        // JMH takes /tmp/jmh.lock so that two runs do not disturb each other's figures; this one measures nothing
        System.setProperty("jmh.ignoreLock", "true");
        CommandLine cli = BenchCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void oneBenchmarkRunsWithJmhsOwnOptionsAndWritesItsResult() throws Exception {
        Path result = dir.resolve("micro.json");
        assertThat(execute(
                        "micro",
                        "-f",
                        "0",
                        "-wi",
                        "0",
                        "-i",
                        "1",
                        "-r",
                        "100ms",
                        "-rf",
                        "json",
                        "-rff",
                        result.toString(),
                        "ProofBenchmarks.canonicalizeRecord"))
                .as(err.toString())
                .isZero();
        assertThat(Files.readString(result))
                .contains("ProofBenchmarks.canonicalizeRecord")
                .contains("\"scoreUnit\" : \"us/op\"");
    }

    @Test
    void anOptionJmhDoesNotKnowIsAUsageError() {
        assertThat(execute("micro", "-rf", "json", "-rff", dir.resolve("x.json").toString(), "-fork", "x"))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("bench micro: ");
    }
}
