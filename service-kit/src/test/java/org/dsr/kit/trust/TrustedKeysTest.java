package org.dsr.kit.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.proof.VerificationKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedKeysTest {

    private final KeyPair orchestrator = Signatures.generate();
    private final KeyPair hosting = Signatures.generate();

    @Test
    void a_pinned_key_is_found_by_its_owner_and_by_its_key_id() {
        TrustedKeys trusted = new TrustedKeys(Map.of("orchestrator", Signatures.encode(orchestrator.getPublic())));

        String keyId = VerificationKeys.keyId("orchestrator", orchestrator.getPublic());
        assertEquals(keyId, trusted.require("orchestrator").keyId());
        assertEquals("orchestrator", trusted.find(keyId).orElseThrow().owner());
        assertTrue(trusted.of("hosting").isEmpty());
    }

    @Test
    void a_key_is_trusted_only_under_the_owner_it_is_pinned_for() {
        TrustedKeys trusted = new TrustedKeys(Map.of("hosting", Signatures.encode(hosting.getPublic())));

        // the same key named as the orchestrator's is not a pinned key id
        assertFalse(trusted.find(VerificationKeys.keyId("orchestrator", hosting.getPublic()))
                .isPresent());
        IllegalStateException missing =
                assertThrows(IllegalStateException.class, () -> trusted.require("orchestrator"));
        assertTrue(missing.getMessage().contains("dsr.trust.keys.orchestrator"));
    }

    @Test
    void a_file_is_read_once_at_start_and_a_later_swap_changes_nothing(@TempDir Path dir) throws Exception {
        Path pub = dir.resolve("orchestrator.pub");
        Files.writeString(pub, Signatures.encode(orchestrator.getPublic()) + "\n");
        TrustedKeys trusted = new TrustedKeys(Map.of("orchestrator", "file:" + pub));

        Files.writeString(pub, Signatures.encode(hosting.getPublic()) + "\n");

        assertEquals(orchestrator.getPublic(), trusted.require("orchestrator").publicKey());
    }

    @Test
    void a_value_that_is_no_public_key_stops_the_start_naming_the_setting_only() {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> new TrustedKeys(Map.of("payments", "not-a-key")));
        assertEquals(
                "dsr.trust.keys.payments is not a base64 X.509 Ed25519 public key (or file: of one)",
                refused.getMessage());
    }
}
