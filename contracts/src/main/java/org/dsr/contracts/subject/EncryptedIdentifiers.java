package org.dsr.contracts.subject;

/**
 * The subject's identifiers as AES-256-GCM ciphertext. {@code keyId} names the data key; destroying that key
 * makes every copy of this ciphertext (topics, replicas, dead letters, backups) unreadable.
 *
 * @param keyId the data key's id
 * @param algorithm always {@code A256GCM} in v1
 * @param nonce base64 96-bit nonce
 * @param ciphertext base64 ciphertext and tag of the JSON array of identifiers
 */
public record EncryptedIdentifiers(String keyId, String algorithm, String nonce, String ciphertext) {}
