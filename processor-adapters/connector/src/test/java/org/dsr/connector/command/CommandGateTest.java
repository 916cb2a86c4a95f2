package org.dsr.connector.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.dsr.adapter.kit.testing.AdapterTestClient;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.EventCodec;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Subject;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.trust.TrustedKeys;
import org.dsr.testsupport.TestSigningKeys;
import org.junit.jupiter.api.Test;

/** The checks a command passes before anything is done, without Kafka: signature, processor, window. */
class CommandGateTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final CommandGate GATE = new CommandGate(
            new TrustedKeys(Map.of(
                            "orchestrator", TestSigningKeys.of("orchestrator").publicBase64()))
                    .require("orchestrator"),
            Set.of("hosting")::contains,
            new CommandReplayRule(Duration.ofDays(7), Duration.ofMinutes(5)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    static ProcessorCommandV1 restriction(String processor, Instant issuedAt) {
        return new ProcessorCommandV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                processor,
                RequestType.RESTRICTION,
                Jurisdiction.SE,
                new Subject("pseudo", List.of(), null),
                List.of(new CategoryCommand("account", Action.RESTRICT)),
                issuedAt,
                1);
    }

    static EventEnvelope event(ProcessorCommandV1 command) {
        return EventCodec.decode(EventCodec.encode(
                UUID.randomUUID().toString(),
                ProcessorCommandV1.TYPE,
                URI.create("/erasure-orchestrator"),
                "pseudo",
                NOW,
                command));
    }

    @Test
    void aCommandSignedByTheOrchestratorForAHostedProcessorWithinTheWindowPasses() {
        ProcessorCommandV1 signed = AdapterTestClient.signed(restriction("hosting", NOW.minusSeconds(1)));
        assertThat(GATE.read(event(signed))).isEqualTo(signed);
    }

    @Test
    void anUnsignedForgedChangedForeignOrOldCommandIsPoison() {
        ProcessorCommandV1 signed = AdapterTestClient.signed(restriction("hosting", NOW));
        ProcessorCommandV1 erasure = new ProcessorCommandV1(
                signed.commandId(),
                signed.requestId(),
                "hosting",
                RequestType.ERASURE,
                signed.jurisdiction(),
                signed.subject(),
                List.of(new CategoryCommand("account", Action.ERASE)),
                signed.issuedAt(),
                1,
                signed.signature());
        assertRefused(signed.withSignature(null), "processor command is not signed");
        assertRefused(
                AdapterTestClient.signedBy(TestSigningKeys.of("hosting"), signed),
                "processor command signature does not verify with the orchestrator's pinned key");
        assertRefused(erasure, "processor command signature does not verify with the orchestrator's pinned key");
        assertRefused(
                AdapterTestClient.signed(restriction("payments", NOW)),
                "processor command addressed to another processor");
        assertRefused(
                AdapterTestClient.signed(restriction("hosting", NOW.minus(Duration.ofDays(8)))),
                "processor command issued more than PT168H ago: refused as a replay");
    }

    @Test
    void withoutThePinnedOrchestratorKeyTheConnectorDoesNotStart() {
        assertThatThrownBy(() -> new CommandGate(
                        new TrustedKeys(
                                Map.of("hosting", TestSigningKeys.of("hosting").publicBase64())),
                        null,
                        null,
                        Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no key pinned for orchestrator: set dsr.trust.keys.orchestrator");
    }

    private static void assertRefused(ProcessorCommandV1 command, String reason) {
        assertThatThrownBy(() -> GATE.read(event(command)))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage(reason);
    }
}
