package org.dsr.kit.inbox;

/**
 * The message itself is wrong (unreadable, unknown type, invalid content): retrying cannot help, so it goes to the
 * dead-letter topic at once. The message is the dead-letter reason and must never quote personal data.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String reason) {
        super(reason, null, false, false);
    }
}
