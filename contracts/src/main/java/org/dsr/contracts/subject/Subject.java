package org.dsr.contracts.subject;

import java.util.List;

/**
 * A data subject as it travels on Kafka: a pseudonym, the identifier types it was given with, and the identifiers
 * encrypted. Never the plaintext.
 *
 * @param pseudonym HMAC-SHA-256 (hex) of the first normalised identifier; the Kafka key of every message about it
 * @param identifierTypes which kinds of identifiers are inside {@code identifiers}
 * @param identifiers the encrypted identifiers
 */
public record Subject(String pseudonym, List<IdentifierType> identifierTypes, EncryptedIdentifiers identifiers) {}
