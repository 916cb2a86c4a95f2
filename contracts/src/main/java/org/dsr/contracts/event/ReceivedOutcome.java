package org.dsr.contracts.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One processor outcome as a consumer of {@code dsr.outcomes} received it, with its JSON exactly as it travelled
 * (the proof embeds the outcome as the processor signed it), as text and, when unpacked from an event, as the node it
 * was read from (so that a signature check does not parse it again). Both event types on the topic unpack to these.
 */
public record ReceivedOutcome(ProcessorOutcomeV1 outcome, String raw, JsonNode json) {

    /** The event types a consumer of {@code dsr.outcomes} accepts. */
    public static final Set<String> TYPES = Set.of(ProcessorOutcomeV1.TYPE, ProcessorOutcomeBatchV1.TYPE);

    /** An outcome known only as text: {@link #json()} is null, a reader parses {@code raw}. */
    public ReceivedOutcome(ProcessorOutcomeV1 outcome, String raw) {
        this(outcome, raw, null);
    }

    /**
     * The outcomes an event carries: one for {@link ProcessorOutcomeV1}, every one of a {@link ProcessorOutcomeBatchV1}.
     *
     * @throws EventCodec.InvalidEventException when the data does not fit the type, a batch is empty, or one of its
     *         outcomes answers another command, request or processor than the batch names
     */
    public static List<ReceivedOutcome> unpack(EventEnvelope event) {
        if (ProcessorOutcomeV1.TYPE.equals(event.type())) {
            return List.of(new ReceivedOutcome(
                    read(event, ProcessorOutcomeV1.class), event.data().toString(), event.data()));
        }
        if (!ProcessorOutcomeBatchV1.TYPE.equals(event.type())) {
            throw new EventCodec.InvalidEventException("not an outcome event");
        }
        ProcessorOutcomeBatchV1 batch = read(event, ProcessorOutcomeBatchV1.class);
        JsonNode elements = event.data().get("outcomes");
        if (batch.outcomes() == null || batch.outcomes().isEmpty() || elements == null || !elements.isArray()) {
            throw new EventCodec.InvalidEventException(ProcessorOutcomeBatchV1.TYPE + " carries no outcomes");
        }
        List<ReceivedOutcome> received = new ArrayList<>(batch.outcomes().size());
        for (int i = 0; i < batch.outcomes().size(); i++) {
            ProcessorOutcomeV1 outcome = batch.outcomes().get(i);
            if (outcome == null
                    || !Objects.equals(outcome.commandId(), batch.commandId())
                    || !Objects.equals(outcome.requestId(), batch.requestId())
                    || !Objects.equals(outcome.processor(), batch.processor())) {
                throw new EventCodec.InvalidEventException(ProcessorOutcomeBatchV1.TYPE
                        + ": every outcome must answer the batch's commandId, requestId and processor");
            }
            received.add(new ReceivedOutcome(outcome, elements.get(i).toString(), elements.get(i)));
        }
        return received;
    }

    /** The mapper's own message may quote the offending value: the reason names the type only. */
    private static <T> T read(EventEnvelope event, Class<T> type) {
        try {
            return event.dataAs(type);
        } catch (EventCodec.InvalidEventException | IllegalArgumentException e) {
            throw new EventCodec.InvalidEventException("data is not a valid " + event.type());
        }
    }
}
