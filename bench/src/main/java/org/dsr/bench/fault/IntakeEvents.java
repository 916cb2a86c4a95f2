package org.dsr.bench.fault;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Valid {@code org.dsr.intake.request.v1} CloudEvents (structured JSON, docs/intake.md) and the matching REST body, for
 * the fault and poison harnesses. One EMAIL identifier per request; the event id is fixed by the caller so that a
 * re-send after a lost acknowledgement is the same event (the inbox drops it) with the same {@code externalId}.
 */
public final class IntakeEvents {

    public static final String TYPE = "org.dsr.intake.request.v1";
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private IntakeEvents() {}

    /** The request body: {@code data} of an intake event, or a POST body when {@code externalId} is null. */
    public static ObjectNode requestBody(String email, String jurisdiction, String externalId) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("type", "ERASURE");
        body.put("jurisdiction", jurisdiction);
        if (externalId != null) {
            body.put("externalId", externalId);
        }
        ObjectNode id = body.putObject("subject").putArray("identifiers").addObject();
        id.put("type", "EMAIL");
        id.put("value", email);
        return body;
    }

    /** The whole CloudEvent as an object (the poison generator breaks copies of it). */
    public static ObjectNode envelope(String eventId, String source, ObjectNode data) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", eventId);
        event.put("source", source);
        event.put("type", TYPE);
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.set("data", data);
        return event;
    }

    public static byte[] valid(String eventId, String source, String externalId, String email, String jurisdiction) {
        return bytes(envelope(eventId, source, requestBody(email, jurisdiction, externalId)));
    }

    public static byte[] bytes(Object node) {
        try {
            return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
