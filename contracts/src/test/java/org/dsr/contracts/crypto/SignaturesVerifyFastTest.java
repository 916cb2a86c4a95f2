package org.dsr.contracts.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bouncy Castle's verifier must say exactly what the JDK's says, on good signatures and on every kind of bad one. */
class SignaturesVerifyFastTest {

    private final KeyPair keys = Signatures.generate();
    private final KeyPair other = Signatures.generate();
    private final byte[] message = "{\"outcomeId\":\"o-1\",\"status\":\"ERASED\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aGoodSignatureVerifiesWithBoth() {
        String signature = Signatures.sign(keys.getPrivate(), message);

        assertThat(Signatures.verifyFast(keys.getPublic(), message, signature)).isTrue();
        assertThat(Signatures.verify(keys.getPublic(), message, signature)).isTrue();
    }

    @Test
    void badSignaturesFailWithBoth() {
        String good = Signatures.sign(keys.getPrivate(), message);
        byte[] raw = Base64.getDecoder().decode(good);
        byte[] flipped = raw.clone();
        flipped[10] ^= 0x01;
        byte[] highS = raw.clone();
        highS[63] |= (byte) 0xf0; // S no longer below the group order
        byte[] changedMessage = message.clone();
        changedMessage[5] ^= 0x01;

        record Case(String name, java.security.PublicKey key, byte[] message, String signature) {}
        List<Case> cases = List.of(
                new Case("another key", other.getPublic(), message, good),
                new Case("another message", keys.getPublic(), changedMessage, good),
                new Case(
                        "a flipped bit",
                        keys.getPublic(),
                        message,
                        Base64.getEncoder().encodeToString(flipped)),
                new Case(
                        "S out of range",
                        keys.getPublic(),
                        message,
                        Base64.getEncoder().encodeToString(highS)),
                new Case(
                        "too short",
                        keys.getPublic(),
                        message,
                        Base64.getEncoder().encodeToString(new byte[32])),
                new Case("not base64", keys.getPublic(), message, "%%%"));
        for (Case c : cases) {
            assertThat(Signatures.verifyFast(c.key(), c.message(), c.signature()))
                    .as(c.name())
                    .isFalse();
            assertThat(Signatures.verify(c.key(), c.message(), c.signature()))
                    .as(c.name())
                    .isFalse();
        }
    }
}
