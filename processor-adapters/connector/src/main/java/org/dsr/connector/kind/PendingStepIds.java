package org.dsr.connector.kind;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The id of the pending step a category becomes when its connector answers PENDING: derived, so a kind knows it
 * before the step is stored and can hand it to the processor (a callback URL, a task link), and a re-dispatch of the
 * same command finds the same step.
 */
public final class PendingStepIds {

    private PendingStepIds() {}

    public static UUID of(UUID commandId, String processor, String category) {
        return UUID.nameUUIDFromBytes(
                ("pending|" + commandId + "|" + processor + "|" + category).getBytes(StandardCharsets.UTF_8));
    }
}
