package org.dsr.request.domain;

/** Whether the subject's identity is confirmed: internal systems' requests are; operator-entered ones may wait. */
public enum Verification {
    VERIFIED,
    PENDING
}
