package org.dsr.contracts.event;

import java.time.OffsetDateTime;
import com.fasterxml.jackson.databind.JsonNode;
import org.dsr.contracts.json.Json;

/**
 * A decoded CloudEvent 1.0 in structured JSON mode.
 *
 * @param subject the subject pseudonym (also the Kafka key)
 */
public record EventEnvelope(String id, String type, String source, String subject, OffsetDateTime time, JsonNode data) {

    /** @throws EventCodec.InvalidEventException when the data does not fit the type */
    public <T> T dataAs(Class<T> type) {
        if (data == null || data.isNull()) {
            throw new EventCodec.InvalidEventException("event carries no data");
        }
        try {
            return Json.convert(data, type);
        } catch (IllegalArgumentException e) {
            throw new EventCodec.InvalidEventException(e.getMessage());
        }
    }
}
