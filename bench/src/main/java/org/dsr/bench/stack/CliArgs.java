package org.dsr.bench.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Minimal {@code --name value} / {@code --flag} parser shared by the bench commands. Each command declares which
 * options take a value and which are flags; anything else is an error, so a typo never silently runs a different
 * benchmark.
 */
public final class CliArgs {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();

    private CliArgs() {
    }

    /**
     * @param valued options that take a value (without the leading dashes)
     * @param flagNames options without a value
     * @throws IllegalArgumentException on an unknown option or a missing value
     */
    public static CliArgs parse(String[] args, Set<String> valued, Set<String> flagNames) {
        CliArgs parsed = new CliArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (valued.contains(name)) {
                if (inline == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    inline = args[++i];
                }
                parsed.values.put(name, inline);
            } else if (flagNames.contains(name) && inline == null) {
                parsed.flags.add(name);
            } else {
                List<String> known = new ArrayList<>();
                valued.forEach(v -> known.add("--" + v + " V"));
                flagNames.forEach(f -> known.add("--" + f));
                throw new IllegalArgumentException("unknown option '" + arg + "'; known: " + String.join(" ", known));
            }
        }
        return parsed;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public long longValue(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public double doubleValue(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
        }
    }

    public Duration duration(String name, Duration fallback) {
        String v = values.get(name);
        return v == null ? fallback : parseDuration(v);
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

    /**
     * Runs a command's {@code main} and exits: 0 when it returns, 2 on a usage error (IllegalArgumentException), 1 on
     * any other failure, with a one-line message instead of a stack trace for the expected failures.
     */
    public static void runAndExit(java.util.function.Consumer<String[]> command, String[] args) {
        int code = 0;
        try {
            command.accept(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            code = 2;
        } catch (org.dsr.localstack.LocalStack.StackException | IllegalStateException e) {
            System.err.println("bench: " + e.getMessage());
            code = 1;
        } catch (RuntimeException e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }
}
