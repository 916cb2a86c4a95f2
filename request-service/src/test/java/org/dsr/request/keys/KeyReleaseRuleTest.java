package org.dsr.request.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.dsr.testsupport.TestSigningKeys;
import org.junit.jupiter.api.Test;

/** The key release rule on its own: which command and token get which key. */
class KeyReleaseRuleTest {

    static final String KEY = "dk-00000000-0000-0000-0000-000000000001";
    static final KeyReleaseRule RULE =
            new KeyReleaseRule(TestSigningKeys.of("orchestrator").publicKey());

    static ProcessorCommandV1 command(String keyId, String processor, TestSigningKeys.Pair signer) {
        ProcessorCommandV1 command = new ProcessorCommandV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                processor,
                RequestType.ERASURE,
                Jurisdiction.SE,
                new Subject(
                        "p",
                        List.of(IdentifierType.EMAIL),
                        new EncryptedIdentifiers(keyId, "A256GCM", "bm9uY2U=", "Y2lwaGVy")),
                List.of(new CategoryCommand("account", Action.ERASE)),
                Instant.now(),
                1);
        return signer == null
                ? command
                : command.withSignature(SignedJson.sign(command, signer.keyId(), signer.privateKey()));
    }

    @Test
    void aSignedCommandForTheKeyAndAProcessorTheTokenNamesIsReleased() {
        ProcessorCommandV1 command = command(KEY, "hosting", TestSigningKeys.of("orchestrator"));
        assertThat(RULE.refusal(KEY, command, Set.of("payments", "hosting"))).isEmpty();
        assertThat(RULE.refusalForKeyOf(command.requestId(), command)).isEmpty();
    }

    @Test
    void everythingElseIsRefusedWithItsReason() {
        TestSigningKeys.Pair orchestrator = TestSigningKeys.of("orchestrator");
        ProcessorCommandV1 hosting = command(KEY, "hosting", orchestrator);
        assertThat(RULE.refusal(KEY, hosting, Set.of("payments")))
                .hasValue("the token does not name the command's processor (claim dsr_processors)");
        assertThat(RULE.refusal(KEY, hosting, Set.of()))
                .hasValue("the token does not name the command's processor (claim dsr_processors)");
        assertThat(RULE.refusal("dk-00000000-0000-0000-0000-000000000002", hosting, Set.of("hosting")))
                .hasValue("the command is not for this data key");
        assertThat(RULE.refusal(KEY, command(KEY, "hosting", null), Set.of("hosting")))
                .hasValue("the command is not signed");
        assertThat(RULE.refusal(KEY, command(KEY, "hosting", TestSigningKeys.of("hosting")), Set.of("hosting")))
                .hasValue("the command's signature does not verify with the orchestrator's pinned key");
        ProcessorCommandV1 relabelled = new ProcessorCommandV1(
                hosting.commandId(),
                hosting.requestId(),
                "payments",
                hosting.requestType(),
                hosting.jurisdiction(),
                hosting.subject(),
                hosting.categories(),
                hosting.issuedAt(),
                hosting.attempt(),
                hosting.signature());
        assertThat(RULE.refusal(KEY, relabelled, Set.of("payments")))
                .hasValue("the command's signature does not verify with the orchestrator's pinned key");
        assertThat(RULE.refusalForKeyOf(UUID.randomUUID(), hosting))
                .hasValue("the command is for another request than the data key");
    }
}
