package org.dsr.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsr.bench.BenchCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BacklogCommandTest {

    @TempDir
    Path dir;

    @Test
    void aDrainTimeThatIsNotPositiveIsAUsageErrorBeforeAnythingStarts() {
        Path state = dir.resolve("state");
        for (String drainFor : new String[] {"0s", "-5m"}) {
            StringWriter err = new StringWriter();
            CommandLine cli = BenchCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            assertThat(cli.execute("backlog", "--state-dir", state.toString(), "--drain-for", drainFor))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("bench: --drain-for must be a positive duration");
        }
        assertThat(Files.exists(state)).isFalse();
    }
}
