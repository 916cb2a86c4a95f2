package org.dsr.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacklogCommandTest {

    @TempDir
    Path dir;

    @Test
    void aDrainTimeThatIsNotPositiveIsAUsageErrorBeforeAnythingStarts() {
        Path state = dir.resolve("state");
        for (String drainFor : new String[] { "0s", "-5m" }) {
            assertThatThrownBy(() -> BacklogCommand.main(new String[] { "--state-dir", state.toString(),
                    "--drain-for", drainFor })).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--drain-for must be a positive duration");
        }
        assertThat(Files.exists(state)).isFalse();
    }
}
