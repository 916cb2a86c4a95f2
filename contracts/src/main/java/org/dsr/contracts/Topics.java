package org.dsr.contracts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Kafka topic names. Every message is keyed by the subject pseudonym so one person's requests stay ordered. */
public final class Topics {

    public static final String INTAKE = "dsr.intake";
    public static final String REQUESTS = "dsr.requests";
    public static final String OUTCOMES = "dsr.outcomes";
    public static final String COMPLETIONS = "dsr.completions";
    public static final String COMMANDS_PREFIX = "dsr.commands.";
    /** The bulk lane ({@link org.dsr.contracts.event.Lane#BULK}): its own topics, so bulk never delays interactive. */
    public static final String REQUESTS_BULK = "dsr.requests.bulk";

    public static final String OUTCOMES_BULK = "dsr.outcomes.bulk";
    public static final String BULK_SUFFIX = ".bulk";
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    /**
     * Topics whose records carry a person's identifiers in plaintext: intake events as producers send them, and the
     * ones dead-lettered unchanged. They are kept only briefly ({@link #configs}); every other topic carries
     * pseudonyms and ciphertext only.
     */
    public static final List<String> PLAINTEXT_IDENTIFIERS = List.of(INTAKE, INTAKE + DEAD_LETTER_SUFFIX);

    /** How long {@link #PLAINTEXT_IDENTIFIERS} keep a record unless configured otherwise. */
    public static final Duration DEFAULT_PLAINTEXT_RETENTION = Duration.ofHours(24);

    private Topics() {}

    /**
     * The settings to create topics with, next to their names ({@link #all}): {@code retention.ms} of
     * {@code plaintextRetention} for the topics that carry identifiers in plaintext; other topics keep the broker's
     * defaults (absent from the map).
     */
    public static Map<String, Map<String, String>> configs(Duration plaintextRetention) {
        if (plaintextRetention.isNegative() || plaintextRetention.isZero()) {
            throw new IllegalArgumentException("the intake retention must be positive");
        }
        Map<String, String> shortRetention = Map.of("retention.ms", String.valueOf(plaintextRetention.toMillis()));
        return Map.of(INTAKE, shortRetention, deadLetter(INTAKE), shortRetention);
    }

    /**
     * The intake retention a deployment configured ({@code DSR_INTAKE_RETENTION}, an ISO-8601 duration such as
     * {@code PT6H}); {@link #DEFAULT_PLAINTEXT_RETENTION} when unset or blank.
     */
    public static Duration plaintextRetention(String configured) {
        if (configured == null || configured.isBlank()) {
            return DEFAULT_PLAINTEXT_RETENTION;
        }
        try {
            return Duration.parse(configured.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("DSR_INTAKE_RETENTION must be an ISO-8601 duration such as PT6H");
        }
    }

    public static String commands(String processor) {
        return COMMANDS_PREFIX + processor;
    }

    /** The bulk lane's command topic of a processor. */
    public static String bulkCommands(String processor) {
        return commands(processor) + BULK_SUFFIX;
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /**
     * Every topic a deployment with these processors needs (the processors are configuration: the policy's and the
     * connectors file's): each consumed topic has its dead-letter topic.
     */
    public static List<String> all(Collection<String> processors) {
        List<String> consumed =
                new ArrayList<>(List.of(INTAKE, REQUESTS, REQUESTS_BULK, OUTCOMES, OUTCOMES_BULK, COMPLETIONS));
        processors.forEach(p -> {
            consumed.add(commands(p));
            consumed.add(bulkCommands(p));
        });
        List<String> all = new ArrayList<>(consumed);
        consumed.forEach(t -> all.add(deadLetter(t)));
        return List.copyOf(all);
    }
}
