package org.dsr.orchestrator.deadletter;

import java.time.Instant;
import io.quarkus.qute.TemplateData;

/**
 * A dead-lettered record as the console shows it: where it sits, where it came from, why, and which event it
 * carries (type and id). Never its key or value, which may hold pseudonyms and ciphertext.
 *
 * @param replayedBy who last replayed it from the console, or null
 */
@TemplateData
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        Instant timestamp,
        String originalTopic,
        String originalPartition,
        String originalOffset,
        String reason,
        String exception,
        String eventType,
        String eventId,
        int valueBytes,
        String replayedBy,
        Instant replayedAt) {

    public String key() {
        return topic + "/" + partition + "/" + offset;
    }

    public DeadLetter withReplay(String actor, Instant at) {
        return new DeadLetter(
                topic,
                partition,
                offset,
                timestamp,
                originalTopic,
                originalPartition,
                originalOffset,
                reason,
                exception,
                eventType,
                eventId,
                valueBytes,
                actor,
                at);
    }
}
