package org.dsr.bench.stack;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How the bench commands read option values: whole numbers may be written with underscores ({@code 1_000_000}),
 * durations as {@code 90s}, {@code 5m}, {@code 1h}, {@code 1500ms}, a bare number of seconds, or ISO-8601
 * ({@code PT5M}). Registered on the whole command line by {@link org.dsr.bench.BenchCli#commandLine()}.
 */
public final class Converters {

    private Converters() {}

    /** Registers the converters on {@code cli} and every subcommand it has. */
    public static CommandLine register(CommandLine cli) {
        ITypeConverter<Long> whole = Converters::wholeNumber;
        return cli.registerConverter(Long.class, whole)
                .registerConverter(long.class, whole)
                .registerConverter(Duration.class, Converters::duration);
    }

    static long wholeNumber(String text) {
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number, got '" + text + "'");
        }
    }

    static Duration duration(String text) {
        try {
            return parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code 90s}, {@code 5m}, {@code 1h}, {@code 1500ms}, a bare number of seconds, or ISO-8601 ({@code PT5M}). */
    public static Duration parseDuration(String text) {
        String v = text.trim().toLowerCase();
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(v.toUpperCase());
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            char unit = v.charAt(v.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("unknown duration unit in '" + text + "'");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 90s, 5m, 1h)", e);
        }
    }
}
