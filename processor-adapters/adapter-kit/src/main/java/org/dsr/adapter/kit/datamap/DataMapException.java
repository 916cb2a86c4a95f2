package org.dsr.adapter.kit.datamap;

import java.util.List;

/** A data map that cannot be used; the message names every bad entry, one per line. */
public class DataMapException extends IllegalStateException {

    private final List<String> errors;

    public DataMapException(String source, List<String> errors) {
        super("invalid data map " + source + ":\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
