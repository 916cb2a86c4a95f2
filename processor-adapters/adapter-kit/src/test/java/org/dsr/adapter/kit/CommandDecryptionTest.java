package org.dsr.adapter.kit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.json.Json;
import org.dsr.kit.inbox.PoisonMessageException;
import org.junit.jupiter.api.Test;

/** The connector decrypts with per-request data keys only: it holds no identifier key of its own. */
class CommandDecryptionTest {

    @Test
    void aCommandNotEncryptedUnderADataKeyIsPoisonAndNoKeyIsAskedFor() {
        DataKeyClient dataKeys = new DataKeyClient(
                "http://127.0.0.1:9",
                Optional.of("unused"),
                Optional.empty(),
                Duration.ofSeconds(1),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        CommandDecryption decryption = new CommandDecryption(dataKeys);
        // under another key id (the walking skeleton's shared key was ik-...), as a forged or stale command would be;
        // nothing listens on port 9: asking for a key would fail as unreachable (retried), not as poison
        ProcessorCommandV1 command =
                Json.read("""
                {"commandId":"%s","requestId":"%s","processor":"hosting","requestType":"ERASURE","jurisdiction":"SE",
                 "subject":{"pseudonym":"p","identifierTypes":["EMAIL"],"identifiers":{"keyId":"ik-0123456789ab",
                 "algorithm":"A256GCM","nonce":"bm9uY2U=","ciphertext":"Y2lwaGVy"}},
                 "categories":[{"category":"account","action":"ERASE"}],"issuedAt":"2026-12-07T12:00:00Z","attempt":1}
                """.formatted(UUID.randomUUID(), UUID.randomUUID()), ProcessorCommandV1.class);

        assertThatThrownBy(() -> decryption
                        .identifiers(command, command.categories(), Map.of())
                        .await()
                        .atMost(Duration.ofSeconds(5)))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("subject identifiers are not encrypted under a data key");
    }
}
