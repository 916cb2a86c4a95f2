package org.dsr.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.EventCodec.InvalidEventException;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    @Test
    void anEventSurvivesTheRoundTripAsAStructuredCloudEvent() {
        var subject = new Subject(
                "ab".repeat(32),
                List.of(IdentifierType.EMAIL),
                new EncryptedIdentifiers("k1", "A256GCM", "bm9uY2U=", "Y2lwaGVy"));
        var event = new RequestSubmittedV1(
                UUID.randomUUID(),
                RequestType.ERASURE,
                Jurisdiction.SE,
                subject,
                Instant.parse("2026-01-31T10:00:00Z"),
                Instant.parse("2026-02-28T10:00:00Z"));

        String value = EventCodec.encode(
                "id-1",
                RequestSubmittedV1.TYPE,
                URI.create("/request-service"),
                subject.pseudonym(),
                Instant.parse("2026-01-31T10:00:01Z"),
                event);
        EventEnvelope decoded = EventCodec.decode(value);

        assertThat(value).contains("\"specversion\":\"1.0\"").contains("\"datacontenttype\":\"application/json\"");
        assertThat(decoded.type()).isEqualTo(RequestSubmittedV1.TYPE);
        assertThat(decoded.subject()).isEqualTo(subject.pseudonym());
        assertThat(decoded.dataAs(RequestSubmittedV1.class)).isEqualTo(event);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "{}",
                "[1,2]",
                "{\"specversion\":\"0.3\",\"id\":\"1\"}",
                "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\"}"
            })
    void malformedMessagesAreRejectedWithAReason(String value) {
        assertThatThrownBy(() -> EventCodec.decode(value))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageNotContaining("not json");
    }

    @Test
    void aCompleteCloudEventOfVersion03IsRejected() {
        String v03 = "{\"specversion\":\"0.3\",\"id\":\"1\",\"source\":\"/crm\",\"type\":\"org.dsr.intake.request.v1\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"type\":\"ERASURE\"}}";
        assertThatThrownBy(() -> EventCodec.decode(v03))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("specversion 0.3");
    }

    @Test
    void dataOfTheWrongShapeIsRejected() {
        String value = EventCodec.encode(
                "id-2",
                RequestSubmittedV1.TYPE,
                URI.create("/x"),
                "p",
                Instant.now(),
                java.util.Map.of("type", "NOT_A_TYPE"));
        assertThatThrownBy(() -> EventCodec.decode(value).dataAs(RequestSubmittedV1.class))
                .isInstanceOf(InvalidEventException.class);
    }
}
