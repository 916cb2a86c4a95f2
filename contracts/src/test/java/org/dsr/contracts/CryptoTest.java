package org.dsr.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import javax.crypto.SecretKey;
import org.dsr.contracts.crypto.IdentifierCipher;
import org.dsr.contracts.crypto.Pseudonymizer;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.junit.jupiter.api.Test;

class CryptoTest {

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Test
    void equalIdentifiersGiveEqualPseudonymsWhateverTheirSpelling() {
        var p = new Pseudonymizer(random32());
        assertThat(p.pseudonym(new Identifier(IdentifierType.EMAIL, " Alice@Example.COM ")))
                .isEqualTo(p.pseudonym(new Identifier(IdentifierType.EMAIL, "alice@example.com")))
                .hasSize(64)
                .doesNotContain("alice");
        assertThat(p.pseudonym(new Identifier(IdentifierType.USER_ID, "alice@example.com")))
                .as("the type is part of the pseudonym")
                .isNotEqualTo(p.pseudonym(new Identifier(IdentifierType.EMAIL, "alice@example.com")));
        assertThat(new Pseudonymizer(random32()).pseudonym(new Identifier(IdentifierType.EMAIL, "alice@example.com")))
                .as("another secret, another pseudonym")
                .isNotEqualTo(p.pseudonym(new Identifier(IdentifierType.EMAIL, "alice@example.com")));
    }

    @Test
    void identifiersDecryptOnlyWithTheirKeyAndRequest() {
        SecretKey key = IdentifierCipher.key(random32());
        var ids = List.of(
                new Identifier(IdentifierType.EMAIL, "alice@example.com"),
                new Identifier(IdentifierType.SE_PERSONNUMMER, "19900101-1234"));

        EncryptedIdentifiers enc = IdentifierCipher.encrypt(ids, "k1", key, "request-1");

        assertThat(enc.ciphertext()).doesNotContain("alice");
        assertThat(IdentifierCipher.decrypt(enc, key, "request-1")).isEqualTo(ids);
        assertThatThrownBy(() -> IdentifierCipher.decrypt(enc, IdentifierCipher.key(random32()), "request-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("alice");
        assertThatThrownBy(() -> IdentifierCipher.decrypt(enc, key, "request-2"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIdentifierNeverPrintsItsValue() {
        assertThat(new Identifier(IdentifierType.EMAIL, "alice@example.com").toString())
                .doesNotContain("alice");
    }
}
