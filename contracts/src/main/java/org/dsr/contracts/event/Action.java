package org.dsr.contracts.event;

/** What a processor is asked to do with one data category. */
public enum Action {
    ERASE,
    ANONYMISE,
    RESTRICT,
    LIFT_RESTRICTION,
    /** Keep for a legal obligation (Art. 17(3)(b)) and restrict; erased later by a deferred erasure. */
    RETAIN,
    /** Erase what was retained, named by its retention handle, once retention has ended. */
    DEFERRED_ERASE
}
