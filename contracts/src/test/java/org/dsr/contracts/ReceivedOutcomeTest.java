package org.dsr.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeBatchV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.ReceivedOutcome;
import org.dsr.contracts.json.Json;
import org.junit.jupiter.api.Test;

class ReceivedOutcomeTest {

    private static final KeyPair HOSTING = Signatures.generate();
    private static final UUID COMMAND = UUID.randomUUID();
    private static final UUID REQUEST = UUID.randomUUID();

    private static ProcessorOutcomeV1 signed(String category) {
        ProcessorOutcomeV1 outcome = new ProcessorOutcomeV1(
                UUID.randomUUID(),
                COMMAND,
                REQUEST,
                "hosting",
                category,
                Action.ERASE,
                OutcomeStatus.ERASED,
                new Evidence(2, 0, "count by account id"),
                null,
                null,
                null,
                Instant.parse("2026-11-22T12:00:00Z"),
                null);
        return outcome.withSignature(SignedJson.sign(outcome, "hosting-1", HOSTING.getPrivate()));
    }

    private static EventEnvelope event(String type, Object data) {
        return EventCodec.decode(EventCodec.encode(
                UUID.randomUUID().toString(), type, URI.create("/hosting"), "k", Instant.now(), data));
    }

    @Test
    void aBatchUnpacksToItsOutcomesInOrderEachAsSignedAlone() {
        List<ProcessorOutcomeV1> outcomes = List.of(signed("account"), signed("sessions"), signed("files"));
        ObjectNode data = (ObjectNode) Json.tree(new ProcessorOutcomeBatchV1(COMMAND, REQUEST, "hosting", outcomes));
        ((ObjectNode) data.get("outcomes").get(1)).put("vendorJobId", "job-7");

        List<ReceivedOutcome> received = ReceivedOutcome.unpack(event(ProcessorOutcomeBatchV1.TYPE, data));

        assertThat(received).extracting(r -> r.outcome().category()).containsExactly("account", "sessions", "files");
        assertThat(received.get(1).raw())
                .as("the element as it travelled, unknown field included")
                .contains("\"vendorJobId\":\"job-7\"");
        for (int i = 0; i < received.size(); i++) {
            ReceivedOutcome r = received.get(i);
            JsonNode raw = Json.read(r.raw(), JsonNode.class);
            assertThat(SignedJson.verify(raw, r.outcome().signature(), HOSTING.getPublic()))
                    .as("outcome %d verifies unless a field was added after signing", i)
                    .isEqualTo(i != 1);
        }
    }

    @Test
    void aSingleOutcomeUnpacksToItself() {
        ProcessorOutcomeV1 outcome = signed("account");
        List<ReceivedOutcome> received = ReceivedOutcome.unpack(event(ProcessorOutcomeV1.TYPE, outcome));
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(outcome);
            assertThat(Json.read(r.raw(), ProcessorOutcomeV1.class)).isEqualTo(outcome);
        });
    }

    @Test
    void aBatchMustBeNonEmptyAndAnswerOneCommandOfOneProcessor() {
        assertThatThrownBy(() -> ReceivedOutcome.unpack(event(
                        ProcessorOutcomeBatchV1.TYPE,
                        new ProcessorOutcomeBatchV1(COMMAND, REQUEST, "hosting", List.of()))))
                .isInstanceOf(EventCodec.InvalidEventException.class)
                .hasMessageContaining("carries no outcomes");
        for (ProcessorOutcomeBatchV1 wrong : List.of(
                new ProcessorOutcomeBatchV1(UUID.randomUUID(), REQUEST, "hosting", List.of(signed("account"))),
                new ProcessorOutcomeBatchV1(COMMAND, UUID.randomUUID(), "hosting", List.of(signed("account"))),
                new ProcessorOutcomeBatchV1(COMMAND, REQUEST, "payments", List.of(signed("account"))))) {
            assertThatThrownBy(() -> ReceivedOutcome.unpack(event(ProcessorOutcomeBatchV1.TYPE, wrong)))
                    .isInstanceOf(EventCodec.InvalidEventException.class)
                    .hasMessage(ProcessorOutcomeBatchV1.TYPE
                            + ": every outcome must answer the batch's commandId, requestId and processor");
        }
    }

    @Test
    void unreadableDataIsRefusedWithoutQuotingIt() {
        ObjectNode data = (ObjectNode)
                Json.tree(new ProcessorOutcomeBatchV1(COMMAND, REQUEST, "hosting", List.of(signed("account"))));
        ((ObjectNode) data.get("outcomes").get(0)).put("requestId", "alice@example.com");
        assertThatThrownBy(() -> ReceivedOutcome.unpack(event(ProcessorOutcomeBatchV1.TYPE, data)))
                .isInstanceOf(EventCodec.InvalidEventException.class)
                .hasMessage("data is not a valid " + ProcessorOutcomeBatchV1.TYPE);
        assertThatThrownBy(() -> ReceivedOutcome.unpack(event("org.dsr.request.submitted.v1", data)))
                .isInstanceOf(EventCodec.InvalidEventException.class);
    }
}
