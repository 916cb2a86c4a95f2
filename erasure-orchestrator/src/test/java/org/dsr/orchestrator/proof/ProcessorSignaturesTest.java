package org.dsr.orchestrator.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.ReceivedOutcome;
import org.dsr.contracts.json.Json;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.keys.SigningKeyPair;

class ProcessorSignaturesTest {

    @TempDir
    Path keysDir;

    private ProcessorSignatures signatures() {
        return new ProcessorSignatures(new DsrConfig() {
            @Override
            public Path keysDir() {
                return keysDir;
            }

            @Override
            public String instanceId() {
                return "test";
            }

            @Override
            public Outbox outbox() {
                return null;
            }

            @Override
            public Consumer consumer() {
                return null;
            }
        });
    }

    private static ProcessorOutcomeV1 outcome(String processor) {
        return new ProcessorOutcomeV1(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), processor, "sessions",
                Action.ERASE, OutcomeStatus.ERASED, new Evidence(2, 0, "count by account id"), null, null, null,
                Instant.parse("2026-11-22T20:00:00Z"), null);
    }

    private static ReceivedOutcome received(ProcessorOutcomeV1 outcome, SigningKeyPair signer) {
        ProcessorOutcomeV1 signed = signer == null ? outcome
                : outcome.withSignature(SignedJson.sign(outcome, signer.keyId(), signer.privateKey()));
        return new ReceivedOutcome(signed, Json.write(signed));
    }

    @Test
    void aKeyWrittenAfterStartIsUsedForTheVeryNextOutcome() {
        ProcessorSignatures signatures = signatures();
        // an adapter starting after the orchestrator writes its key, then answers at once
        SigningKeyPair hosting = SigningKeyPair.loadOrCreate(keysDir, "hosting");

        assertThatCode(() -> signatures.requireSignedByProcessor(received(outcome("hosting"), hosting)))
                .doesNotThrowAnyException();
    }

    @Test
    void anUnsignedOutcomeIsPoisonNamingTheOutcomeAndProcessorOnly() {
        ProcessorOutcomeV1 outcome = outcome("hosting");

        assertThatThrownBy(() -> signatures().requireSignedByProcessor(received(outcome, null)))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("outcome " + outcome.outcomeId() + " of hosting: unsigned outcome");
    }

    @Test
    void whatTheMessageNamesReachesTheReasonOnlyInPlainCharacters() {
        SigningKeyPair odd = SigningKeyPair.loadOrCreate(keysDir, "hosting");
        ProcessorOutcomeV1 outcome = outcome("hosting\n<script>");

        assertThatThrownBy(() -> signatures().requireSignedByProcessor(received(outcome, odd)))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageContaining("of hosting??script?: signed with key " + odd.keyId() + " of hosting, not of"
                        + " hosting??script?")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("<"));
    }
}
