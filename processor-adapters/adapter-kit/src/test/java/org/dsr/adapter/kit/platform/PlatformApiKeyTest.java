package org.dsr.adapter.kit.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dsr.kit.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformApiKeyTest {

    static final String KEY = "k3y-0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void withoutAKeyFileTheApiIsClosed() {
        PlatformApiKey key = new PlatformApiKey(Optional.empty());

        for (String any : new String[] {KEY, null, ""}) {
            assertThatThrownBy(() -> key.check(any))
                    .isInstanceOfSatisfying(
                            ProblemException.class,
                            e -> assertThat(e.problem().status()).isEqualTo(503));
        }
    }

    @Test
    void onlyTheFilesFirstLineWithoutSurroundingWhitespacePasses() throws IOException {
        Files.writeString(dir.resolve("key"), "  " + KEY + "\nsecond line\n");
        PlatformApiKey key = new PlatformApiKey(Optional.of(dir.resolve("key")));

        key.check(KEY);
        for (String wrong : new String[] {null, "", KEY + " ", KEY.substring(1), KEY.toUpperCase(), "second line"}) {
            assertThatThrownBy(() -> key.check(wrong)).isInstanceOfSatisfying(ProblemException.class, e -> {
                assertThat(e.problem().status()).isEqualTo(401);
                assertThat(e.problem().detail()).doesNotContain(KEY);
            });
        }
    }

    @Test
    void aShortOrMissingKeyFileStopsTheStartWithoutQuotingIt() throws IOException {
        Files.writeString(dir.resolve("short"), "secret-but-short\n");

        assertThatThrownBy(() -> new PlatformApiKey(Optional.of(dir.resolve("short"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("secret-but-short");
        assertThatThrownBy(() -> new PlatformApiKey(Optional.of(dir.resolve("missing"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be read");
    }
}
