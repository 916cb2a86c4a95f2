package org.dsr.orchestrator.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import io.quarkus.qute.TemplateExtension;

/**
 * Formatting for every console template, as {@code fmt:}: {@code {fmt:time(instant)}} "2026-11-22 05:46 UTC",
 * {@code {fmt:date(instant)}}, {@code {fmt:relative(instant)}} "in 3 days" / "5 min ago", {@code {fmt:label(status)}}
 * "In progress". Times are shown in UTC, said so, so that operators in every jurisdiction read the same thing.
 */
@TemplateExtension(namespace = "fmt")
public final class UiFormat {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private UiFormat() {}

    public static String time(Instant instant) {
        return instant == null ? "–" : TIME.format(instant);
    }

    public static String seconds(Instant instant) {
        return instant == null ? "–" : SECONDS.format(instant);
    }

    public static String date(Instant instant) {
        return instant == null ? "–" : DATE.format(instant);
    }

    public static String day(LocalDate date) {
        return date == null ? "–" : date.toString();
    }

    public static String relative(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration d = Duration.between(Instant.now(), instant);
        boolean future = !d.isNegative();
        d = d.abs();
        String amount;
        if (d.toMinutes() < 1) {
            return future ? "in under a minute" : "just now";
        } else if (d.toHours() < 1) {
            amount = d.toMinutes() + " min";
        } else if (d.toDays() < 2) {
            amount = d.toHours() + " h";
        } else {
            amount = d.toDays() + " days";
        }
        return future ? "in " + amount : amount + " ago";
    }

    /** "IN_PROGRESS" as "In progress". */
    public static String label(String constant) {
        if (constant == null || constant.isEmpty()) {
            return "";
        }
        String words = constant.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
