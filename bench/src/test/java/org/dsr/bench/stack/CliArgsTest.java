package org.dsr.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CliArgsTest {

    private static final Set<String> VALUED = Set.of("requests", "rate", "duration");
    private static final Set<String> FLAGS = Set.of("profile");

    @Test
    void parsesValuesFlagsAndInlineValues() {
        CliArgs args = CliArgs.parse(new String[] {"--requests", "2_000", "--rate=50.5", "--profile"}, VALUED, FLAGS);
        assertThat(args.longValue("requests", 0)).isEqualTo(2000);
        assertThat(args.doubleValue("rate", 0)).isEqualTo(50.5);
        assertThat(args.flag("profile")).isTrue();
        assertThat(args.has("duration")).isFalse();
        assertThat(args.duration("duration", Duration.ZERO)).isEqualTo(Duration.ZERO);
    }

    @Test
    void refusesUnknownOptionsAndMissingValues() {
        assertThatThrownBy(() -> CliArgs.parse(new String[] {"--reqests", "5"}, VALUED, FLAGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option '--reqests'");
        assertThatThrownBy(() -> CliArgs.parse(new String[] {"--rate"}, VALUED, FLAGS))
                .hasMessageContaining("--rate needs a value");
        assertThatThrownBy(() -> CliArgs.parse(new String[] {"--profile=yes"}, VALUED, FLAGS))
                .hasMessageContaining("unknown option");
        assertThatThrownBy(() -> CliArgs.parse(new String[] {"--requests", "many"}, VALUED, FLAGS)
                .longValue("requests", 0)).hasMessageContaining("whole number");
    }

    @Test
    void parsesDurations() {
        assertThat(CliArgs.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(CliArgs.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(CliArgs.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(CliArgs.parseDuration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(CliArgs.parseDuration("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(CliArgs.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> CliArgs.parseDuration("5 weeks")).isInstanceOf(IllegalArgumentException.class);
    }
}
