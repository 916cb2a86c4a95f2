package org.dsr.contracts.subject;

import java.util.Objects;

/** A plaintext identifier. It exists only in memory and, encrypted, in {@link EncryptedIdentifiers}. */
public record Identifier(IdentifierType type, String value) {

    public Identifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    public Identifier normalised() {
        return new Identifier(type, type.normalise(value));
    }

    /** Never print the value: identifiers must not reach logs or exception messages. */
    @Override
    public String toString() {
        return "Identifier[" + type + ", <redacted>]";
    }
}
