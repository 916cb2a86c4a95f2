package org.dsr.request.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdapterTokenLifetimeTest {

    private static final Duration MAX = Duration.ofMinutes(15);

    @Test
    void aTokenLivingAtMostTheMaximumIsShortEnough() {
        assertThat(AdapterTokenLifetime.tooLongLived(1_000, 1_000 + 300, MAX)).isFalse();
        assertThat(AdapterTokenLifetime.tooLongLived(1_000, 1_000 + 900, MAX)).isFalse();
    }

    @Test
    void aSecondLongerOrAMissingTimeIsTooLong() {
        assertThat(AdapterTokenLifetime.tooLongLived(1_000, 1_000 + 901, MAX)).isTrue();
        assertThat(AdapterTokenLifetime.tooLongLived(1_000, 1_000 + 30L * 24 * 3600, MAX))
                .isTrue();
        assertThat(AdapterTokenLifetime.tooLongLived(0, 1_900, MAX))
                .as("no iat")
                .isTrue();
        assertThat(AdapterTokenLifetime.tooLongLived(1_000, 0, MAX))
                .as("no exp")
                .isTrue();
    }
}
