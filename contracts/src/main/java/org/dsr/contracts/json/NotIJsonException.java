package org.dsr.contracts.json;

/**
 * Input that is not I-JSON (RFC 7493), refused before anything is canonicalised, signed or verified. The message
 * says what and where (line and column, or the path in a tree), never the input's content: a key or a value may be
 * personal data.
 */
public final class NotIJsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Why the input was refused. */
    public enum Reason {
        /** not JSON at all: a syntax error, trailing content, an empty input */
        SYNTAX("not JSON"),
        /** bytes that are not UTF-8 (RFC 7493 §2.1) */
        NOT_UTF8("not UTF-8"),
        /** a lone surrogate, raw or as a \\u escape (RFC 7493 §2.1) */
        INVALID_UNICODE("invalid Unicode"),
        /** the same member name twice in one object (RFC 7493 §2.3) */
        DUPLICATE_KEY("duplicate key"),
        /**
         * a number an IEEE 754 double cannot hold: beyond its range, with more precision than it has, or an integer
         * beyond ±(2^53-1) (RFC 7493 §2.2)
         */
        NUMBER("number outside I-JSON's range"),
        /** arrays and objects nested deeper than {@link CanonicalJson#MAX_DEPTH} */
        TOO_DEEP("nested too deep");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Reason reason;

    public NotIJsonException(Reason reason, String detail) {
        super("not I-JSON (RFC 7493): " + reason.description() + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
