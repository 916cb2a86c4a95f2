package org.dsr.contracts.event;

import java.util.List;

/**
 * One data category a processor must act on.
 *
 * @param retentionHandles for {@link Action#DEFERRED_ERASE}: the processor's own record ids it returned when it
 *        retained the category (the subject's identifiers are shredded by then)
 */
public record CategoryCommand(String category, Action action, List<String> retentionHandles) {

    public CategoryCommand(String category, Action action) {
        this(category, action, null);
    }
}
