package org.dsr.contracts.event;

/** GDPR Art. 17 erasure, Art. 18 restriction, and the lifting of a restriction. */
public enum RequestType {
    ERASURE,
    RESTRICTION,
    LIFT_RESTRICTION
}
