package org.dsr.connector.config;

import java.util.List;

/** The connectors file is wrong: one line per bad entry, the message printed as the start fails. */
public class ConfigErrors extends RuntimeException {

    private final List<String> errors;

    public ConfigErrors(String source, List<String> errors) {
        super("invalid connectors file " + source + ":\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
