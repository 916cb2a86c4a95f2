package org.dsr.orchestrator.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.ReceivedOutcome;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.trust.TrustedKeys;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.policy.PolicyLoader;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.TestSigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessorSignaturesTest {

    private static final Policy POLICY = PolicyLoader.load(Optional.of(PolicyInfrastructure.TEST_POLICY));

    @TempDir
    Path dir;

    /** dsr.trust.keys.<processor> for every processor of the test policy, without the prefix. */
    private static Map<String, String> pinnedForPolicy() {
        Map<String, String> pinned = new HashMap<>();
        for (Policy.Processor processor : POLICY.processors()) {
            pinned.put(processor.name(), TestSigningKeys.of(processor.name()).publicBase64());
        }
        return pinned;
    }

    private static ProcessorSignatures signatures(Map<String, String> pinned) {
        return new ProcessorSignatures(new TrustedKeys(pinned), POLICY);
    }

    private static ProcessorOutcomeV1 outcome(String processor) {
        return new ProcessorOutcomeV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                processor,
                "sessions",
                Action.ERASE,
                OutcomeStatus.ERASED,
                new Evidence(2, 0, "count by account id"),
                null,
                null,
                null,
                Instant.parse("2026-11-22T20:00:00Z"),
                null);
    }

    private static ReceivedOutcome received(ProcessorOutcomeV1 outcome, String keyId, java.security.PrivateKey key) {
        ProcessorOutcomeV1 signed = key == null ? outcome : outcome.withSignature(SignedJson.sign(outcome, keyId, key));
        return new ReceivedOutcome(signed, Json.write(signed));
    }

    private static ReceivedOutcome received(ProcessorOutcomeV1 outcome, TestSigningKeys.Pair signer) {
        return received(outcome, signer.keyId(), signer.privateKey());
    }

    @Test
    void anOutcomeSignedWithItsProcessorsPinnedKeyIsTaken() {
        ProcessorSignatures signatures = signatures(pinnedForPolicy());

        assertThatCode(() -> signatures.requireSignedByProcessor(
                        received(outcome("hosting"), TestSigningKeys.of("hosting"))))
                .doesNotThrowAnyException();
    }

    @Test
    void theServiceRefusesToStartWhenAProcessorOfItsPolicyHasNoPinnedKeyNamingTheSetting() {
        Map<String, String> pinned = pinnedForPolicy();
        pinned.remove("email-delivery");

        assertThatThrownBy(() -> signatures(pinned))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dsr.trust.keys.email-delivery");
    }

    @Test
    void anOutcomeSignedWithAnotherProcessorsPinnedKeyIsPoison() {
        ProcessorOutcomeV1 outcome = outcome("hosting");
        TestSigningKeys.Pair payments = TestSigningKeys.of("payments");

        assertThatThrownBy(() -> signatures(pinnedForPolicy()).requireSignedByProcessor(received(outcome, payments)))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("outcome " + outcome.outcomeId() + " of hosting: signed with key " + payments.keyId()
                        + " of payments, not of hosting");
    }

    @Test
    void aPinnedKeyFileSwappedOnDiskAfterStartChangesNothing() throws Exception {
        Path hostingPub = dir.resolve("hosting.pub");
        Files.writeString(hostingPub, TestSigningKeys.of("hosting").publicBase64() + "\n");
        Map<String, String> pinned = pinnedForPolicy();
        pinned.put("hosting", "file:" + hostingPub);
        ProcessorSignatures signatures = signatures(pinned);

        // an attacker with write access to the keys directory replaces the key and drops one of its own
        KeyPair attacker = Signatures.generate();
        Files.writeString(hostingPub, Signatures.encode(attacker.getPublic()) + "\n");
        Files.writeString(dir.resolve("evil.pub"), Signatures.encode(attacker.getPublic()) + "\n");
        String attackerId = VerificationKeys.keyId("hosting", attacker.getPublic());
        ProcessorOutcomeV1 forged = outcome("hosting");

        assertThatThrownBy(
                        () -> signatures.requireSignedByProcessor(received(forged, attackerId, attacker.getPrivate())))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("outcome " + forged.outcomeId() + " of hosting: signed with key " + attackerId
                        + ", which is not among the processors' public keys");
        assertThatCode(() -> signatures.requireSignedByProcessor(
                        received(outcome("hosting"), TestSigningKeys.of("hosting"))))
                .as("the key pinned at start still counts")
                .doesNotThrowAnyException();
    }

    @Test
    void anUnsignedOutcomeIsPoisonNamingTheOutcomeAndProcessorOnly() {
        ProcessorOutcomeV1 outcome = outcome("hosting");

        assertThatThrownBy(() -> signatures(pinnedForPolicy()).requireSignedByProcessor(received(outcome, null, null)))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("outcome " + outcome.outcomeId() + " of hosting: unsigned outcome");
    }

    @Test
    void whatTheMessageNamesReachesTheReasonOnlyInPlainCharacters() {
        TestSigningKeys.Pair hosting = TestSigningKeys.of("hosting");
        ProcessorOutcomeV1 outcome = outcome("hosting\n<script>");

        assertThatThrownBy(() -> signatures(pinnedForPolicy()).requireSignedByProcessor(received(outcome, hosting)))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageContaining("of hosting??script?: signed with key " + hosting.keyId() + " of hosting, not of"
                        + " hosting??script?")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("<"));
    }
}
