package org.dsr.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsr.bench.BenchCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FloorCommandTest {

    @TempDir
    Path dir;

    @Test
    void sizesThatAreNotPositiveOrTooLargeAreUsageErrorsBeforeAnythingStarts() {
        Path state = dir.resolve("state");
        String[][] bad = {
            {"--batch", "0"},
            {"--batches", "-1"},
            {"--people", "0"},
            {"--proof-iterations", "0"},
            {"--batch", "5000000", "--batches", "3"}
        };
        for (String[] options : bad) {
            String[] argv = new String[options.length + 2];
            argv[0] = "--state-dir";
            argv[1] = state.toString();
            System.arraycopy(options, 0, argv, 2, options.length);
            StringWriter err = new StringWriter();
            CommandLine cli = BenchCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            String[] command = new String[argv.length + 1];
            command[0] = "floor";
            System.arraycopy(argv, 0, command, 1, argv.length);
            assertThat(cli.execute(command)).as(String.join(" ", options)).isEqualTo(2);
            assertThat(err.toString())
                    .as(String.join(" ", options))
                    .contains("bench: ")
                    .contains("must be");
        }
        assertThat(Files.exists(state)).isFalse();
    }
}
