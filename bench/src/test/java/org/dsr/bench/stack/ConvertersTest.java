package org.dsr.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

    @Test
    void parsesDurations() {
        assertThat(Converters.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Converters.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Converters.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Converters.parseDuration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Converters.parseDuration("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Converters.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> Converters.parseDuration("5 weeks")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Converters.duration("5 weeks"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("not a duration: '5 weeks'");
    }

    @Test
    void wholeNumbersMayBeWrittenWithUnderscores() {
        assertThat(Converters.wholeNumber("1_000_000")).isEqualTo(1_000_000L);
        assertThatThrownBy(() -> Converters.wholeNumber("many"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("must be a whole number, got 'many'");
    }
}
