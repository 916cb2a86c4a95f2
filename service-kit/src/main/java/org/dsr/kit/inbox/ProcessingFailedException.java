package org.dsr.kit.inbox;

/**
 * Processing kept failing for a reason outside the message (after every retry). Names only the exception type:
 * database and driver messages can quote row values, which must not reach a dead letter or a log.
 */
public class ProcessingFailedException extends RuntimeException {

    public ProcessingFailedException(int attempts, Throwable cause) {
        super(
                "processing failed after " + attempts + " attempts: "
                        + cause.getClass().getName(),
                null,
                false,
                false);
    }
}
