package org.dsr.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloorCommandTest {

    @TempDir
    Path dir;

    @Test
    void sizesThatAreNotPositiveOrTooLargeAreUsageErrorsBeforeAnythingStarts() {
        Path state = dir.resolve("state");
        String[][] bad = { { "--batch", "0" }, { "--batches", "-1" }, { "--people", "0" },
            { "--proof-iterations", "0" }, { "--batch", "5000000", "--batches", "3" } };
        for (String[] options : bad) {
            String[] argv = new String[options.length + 2];
            argv[0] = "--state-dir";
            argv[1] = state.toString();
            System.arraycopy(options, 0, argv, 2, options.length);
            assertThatThrownBy(() -> FloorCommand.main(argv)).as(String.join(" ", options))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be");
        }
        assertThat(Files.exists(state)).isFalse();
    }
}
