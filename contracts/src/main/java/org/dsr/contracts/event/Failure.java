package org.dsr.contracts.event;

/** Why an action failed, in words without personal data, and whether trying again can help. */
public record Failure(boolean retryable, String reason) {}
