package org.dsr.contracts.event;

/**
 * A detached signature over the RFC 8785 canonical JSON of the enclosing object without its {@code signature}
 * field.
 */
public record SignatureV1(String keyId, String algorithm, String value) {}
