package org.dsr.request.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.Json;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.trust.TrustedKeys;
import org.dsr.request.domain.DataSubjectRequest;
import org.dsr.request.domain.RequestStatus;
import org.dsr.testsupport.TestSigningKeys;
import org.junit.jupiter.api.Test;

class WireSignaturesTest {

    private static final TestSigningKeys.Pair ORCHESTRATOR = TestSigningKeys.of("orchestrator");

    @Test
    void theServiceDoesNotStartWithoutTheOrchestratorsPinnedKeyAndSaysWhichSetting() {
        assertThatThrownBy(() -> new WireSignatures(new TrustedKeys(
                        Map.of("hosting", TestSigningKeys.of("hosting").publicBase64()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no key pinned for orchestrator: set dsr.trust.keys.orchestrator");
    }

    @Test
    void aRecordVerifiesOverItsDataAsItTravelledWhateverTheFieldOrder() {
        WireSignatures signatures =
                new WireSignatures(new TrustedKeys(Map.of("orchestrator", ORCHESTRATOR.publicBase64())));
        CompletionRecordV1 unsigned = record();
        CompletionRecordV1 signed =
                unsigned.withSignature(SignedJson.sign(unsigned, ORCHESTRATOR.keyId(), ORCHESTRATOR.privateKey()));
        var tree = Json.tree(signed);
        signatures.requireSignedByOrchestrator(tree, signed.recordId());

        // a field the receiver's version does not know is covered by the signature too
        var withNewField = ((com.fasterxml.jackson.databind.node.ObjectNode) tree.deepCopy()).put("note", "x");
        assertThatThrownBy(() -> signatures.requireSignedByOrchestrator(withNewField, signed.recordId()))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageContaining("does not verify");
        assertThatThrownBy(() -> signatures.requireSignedByOrchestrator(Json.tree(List.of()), signed.recordId()))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageEndingWith("is not a JSON object");
    }

    @Test
    void aRecordForARequestThatIsPendingOrCancelledOrAboutAnotherSubjectOrTypeIsImplausible() {
        CompletionRecordV1 record = record();
        DataSubjectRequest request = new DataSubjectRequest();
        request.id = record.requestId();
        request.type = RequestType.ERASURE;
        request.subjectPseudonym = "p-1";
        for (RequestStatus status : RequestStatus.values()) {
            request.status = status;
            boolean neverSent = status == RequestStatus.PENDING_VERIFICATION || status == RequestStatus.CANCELLED;
            assertThat(CompletionConsumer.implausible(request, record))
                    .as(status.name())
                    .isEqualTo(
                            neverSent
                                    ? java.util.Optional.of("completion record " + record.recordId()
                                            + " is for request " + request.id + ", which is " + status
                                            + " and was never sent to the orchestrator")
                                    : java.util.Optional.empty());
        }
        request.status = RequestStatus.IN_PROGRESS;
        request.subjectPseudonym = "p-2";
        assertThat(CompletionConsumer.implausible(request, record))
                .get()
                .asString()
                .endsWith("names another subject than request " + request.id);
        request.subjectPseudonym = "p-1";
        request.type = RequestType.RESTRICTION;
        assertThat(CompletionConsumer.implausible(request, record))
                .get()
                .asString()
                .contains("states request type ERASURE");
    }

    @Test
    void aReasonKeepsOnlyPlainCharacters() {
        assertThat(WireSignatures.printable("outcome 1 of ho\nst<i>ng")).isEqualTo("outcome 1 of ho?st?i?ng");
        assertThat(WireSignatures.printable("x".repeat(400))).hasSize(303);
    }

    private static CompletionRecordV1 record() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        return new CompletionRecordV1(
                UUID.randomUUID(),
                3,
                1,
                UUID.randomUUID(),
                RequestType.ERASURE,
                Jurisdiction.SE,
                "p-1",
                now.minusSeconds(60),
                now.plusSeconds(3600),
                now,
                "COMPLETED",
                List.of(),
                List.of(),
                "a".repeat(64),
                null);
    }
}
