package org.dsr.adapter.email.privacyapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dsr.kit.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacyApiKeyTest {

    static final String KEY = "k3y-0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void withoutAKeyFileTheApiIsNotConfigured() {
        PrivacyApiKey key = new PrivacyApiKey(Optional.empty());

        assertThatThrownBy(() -> key.check(KEY)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(503);
            assertThat(e.problem().detail()).isEqualTo("privacy API not configured");
        });
    }

    @Test
    void theKeyIsTheFilesFirstLineWithoutSurroundingWhitespace() throws IOException {
        Files.writeString(dir.resolve("key"), "  " + KEY + "\n");
        PrivacyApiKey key = new PrivacyApiKey(Optional.of(dir.resolve("key")));

        key.check(KEY);
        for (String wrong : new String[] {null, "", KEY + " ", KEY.substring(1), KEY.toUpperCase()}) {
            assertThatThrownBy(() -> key.check(wrong))
                    .isInstanceOfSatisfying(
                            ProblemException.class,
                            e -> assertThat(e.problem().status()).isEqualTo(401));
        }
    }

    @Test
    void aShortOrMissingKeyFileStopsTheStartWithoutQuotingIt() throws IOException {
        Files.writeString(dir.resolve("short"), "secret-but-short\n");

        assertThatThrownBy(() -> new PrivacyApiKey(Optional.of(dir.resolve("short"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("secret-but-short");
        assertThatThrownBy(() -> new PrivacyApiKey(Optional.of(dir.resolve("missing"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be read");
    }
}
