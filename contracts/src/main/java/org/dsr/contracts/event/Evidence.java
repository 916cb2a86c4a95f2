package org.dsr.contracts.event;

/**
 * What a processor can show for its outcome.
 *
 * @param rowsAffected rows or objects deleted, changed or marked by the action
 * @param remainingMatches what a read after the action still found for the subject in this category
 * @param verification how that read was made, in words (never data)
 */
public record Evidence(long rowsAffected, long remainingMatches, String verification) {
}
