package org.dsr.contracts.event;

import java.time.LocalDate;
import java.util.List;

/**
 * Why and until when a category is kept (Art. 17(3)(b)).
 *
 * @param retainUntil the last day the data is kept, inclusive; null when kept without end (a suppression entry)
 * @param handles the processor's own record ids, which a later deferred erasure names
 */
public record Retention(String legalBasis, LocalDate retainUntil, List<String> handles) {}
