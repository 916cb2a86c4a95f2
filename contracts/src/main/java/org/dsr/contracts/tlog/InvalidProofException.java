package org.dsr.contracts.tlog;

/** A Merkle proof, a checkpoint or a signed note that does not hold; the message says why, never with data. */
public class InvalidProofException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidProofException(String message) {
        super(message);
    }
}
