package org.dsr.contracts.event;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import org.dsr.contracts.json.Json;

/**
 * Writes and reads every Kafka message as a CloudEvent 1.0 in structured JSON mode (the whole event in the value,
 * {@code datacontenttype: application/json}), using the CloudEvents SDK so the envelope is validated by the
 * reference implementation rather than by hand.
 */
public final class EventCodec {

    public static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE;
    private static final JsonFormat FORMAT = new JsonFormat();

    private EventCodec() {}

    public static String encode(String id, String type, URI source, String subject, Instant time, Object data) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(id)
                .withType(type)
                .withSource(source)
                .withSubject(subject)
                .withTime(time.atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(JsonCloudEventData.wrap(Json.tree(data)))
                .build();
        return new String(FORMAT.serialize(event), StandardCharsets.UTF_8);
    }

    /** @throws InvalidEventException with a reason that quotes no content of the message */
    public static EventEnvelope decode(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("empty message");
        }
        CloudEvent event;
        try {
            event = FORMAT.deserialize(value.getBytes(StandardCharsets.UTF_8));
        } catch (EventDeserializationException
                | CloudEventRWException
                | IllegalArgumentException
                | IllegalStateException e) {
            throw new InvalidEventException("not a structured JSON CloudEvent 1.0: " + reasonOf(e));
        }
        // the SDK also reads 0.3 events; our contracts are 1.0 only
        if (event.getSpecVersion() != SpecVersion.V1) {
            throw new InvalidEventException("not a structured JSON CloudEvent 1.0: specversion "
                    + event.getSpecVersion().toString());
        }
        CloudEventData data = event.getData();
        var node =
                data == null ? null : data instanceof JsonCloudEventData json ? json.getNode() : parse(data.toBytes());
        return new EventEnvelope(
                event.getId(),
                event.getType(),
                event.getSource().toString(),
                event.getSubject(),
                event.getTime(),
                node);
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new InvalidEventException("data is not JSON");
        }
    }

    private static String reasonOf(Exception e) {
        // Keep the SDK's reason category but never echo message content.
        String kind = e instanceof CloudEventRWException rw
                ? rw.getKind().name()
                : e.getClass().getSimpleName();
        return kind.toLowerCase().replace('_', ' ');
    }

    /** The message cannot be read as an event of ours; its reason is safe to log and to put on a dead letter. */
    public static final class InvalidEventException extends RuntimeException {
        public InvalidEventException(String reason) {
            super(reason, null, false, false);
        }
    }
}
