package org.dsr.adapter.kit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.json.Json;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.keys.SubjectKeys;

/** The connector decrypts with per-request data keys only: it holds no shared identifier key and no pseudonym secret. */
class CommandDecryptionTest {

    /** A keys directory the decryption must never touch. */
    private static final DsrConfig NO_KEYS_DIR = new DsrConfig() {
        @Override
        public Path keysDir() {
            throw new AssertionError("the connector read its keys directory for a subject key");
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
    };

    @Test
    void aCommandNotEncryptedUnderADataKeyIsPoisonAndNoKeyFileIsReadOrCreated() {
        DataKeyClient dataKeys = new DataKeyClient("http://127.0.0.1:9", Optional.of("unused"), Optional.empty(),
                Duration.ofSeconds(1), Optional.empty(), Optional.empty(), Optional.empty());
        CommandDecryption decryption = new CommandDecryption(new SubjectKeys(NO_KEYS_DIR), dataKeys, () -> false);
        // encrypted under the walking skeleton's shared key (id ik-...), as a forged or stale command would be
        ProcessorCommandV1 command = Json.read("""
                {"commandId":"%s","requestId":"%s","processor":"hosting","requestType":"ERASURE","jurisdiction":"SE",
                 "subject":{"pseudonym":"p","identifierTypes":["EMAIL"],"identifiers":{"keyId":"ik-0123456789ab",
                 "algorithm":"A256GCM","nonce":"bm9uY2U=","ciphertext":"Y2lwaGVy"}},
                 "categories":[{"category":"account","action":"ERASE"}],"issuedAt":"2026-12-07T12:00:00Z","attempt":1}
                """.formatted(UUID.randomUUID(), UUID.randomUUID()), ProcessorCommandV1.class);

        assertThatThrownBy(() -> decryption.identifiers(command, command.categories(), Map.of()).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("subject identifiers are not encrypted under a data key");
    }
}
