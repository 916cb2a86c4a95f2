package org.dsr.contracts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Kafka topic names. Every message is keyed by the subject pseudonym so one person's requests stay ordered. */
public final class Topics {

    public static final String INTAKE = "dsr.intake";
    public static final String REQUESTS = "dsr.requests";
    public static final String OUTCOMES = "dsr.outcomes";
    public static final String COMPLETIONS = "dsr.completions";
    public static final String COMMANDS_PREFIX = "dsr.commands.";
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    public static String commands(String processor) {
        return COMMANDS_PREFIX + processor;
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /**
     * Every topic a deployment with these processors needs (the processors are configuration: the policy's and the
     * connectors file's): each consumed topic has its dead-letter topic.
     */
    public static List<String> all(Collection<String> processors) {
        List<String> consumed = new ArrayList<>(List.of(INTAKE, REQUESTS, OUTCOMES, COMPLETIONS));
        processors.forEach(p -> consumed.add(commands(p)));
        List<String> all = new ArrayList<>(consumed);
        consumed.forEach(t -> all.add(deadLetter(t)));
        return List.copyOf(all);
    }
}
