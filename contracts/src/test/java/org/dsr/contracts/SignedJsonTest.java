package org.dsr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.Map;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.json.CanonicalJson;
import org.junit.jupiter.api.Test;

class SignedJsonTest {

    @Test
    void canonicalJsonSortsKeysAndNormalisesNumbers() {
        assertThat(CanonicalJson.canonicalize("{\"b\": 1.0, \"a\": [true, \"x\"]}"))
                .isEqualTo("{\"a\":[true,\"x\"],\"b\":1}");
    }

    @Test
    void aSignatureCoversEveryFieldButItself() {
        KeyPair keys = Signatures.generate();
        Map<String, Object> value = Map.of("requestId", "r1", "status", "COMPLETED");
        var signature = SignedJson.sign(value, "orchestrator-1", keys.getPrivate());

        assertThat(SignedJson.verify(
                        Map.of("status", "COMPLETED", "requestId", "r1", "signature", signature),
                        signature,
                        keys.getPublic()))
                .as("field order and the signature field itself do not matter")
                .isTrue();
        assertThat(SignedJson.verify(Map.of("requestId", "r1", "status", "COMPLETEd"), signature, keys.getPublic()))
                .isFalse();
        assertThat(SignedJson.verify(value, signature, Signatures.generate().getPublic()))
                .isFalse();
        assertThat(Signatures.publicKey(Signatures.encode(keys.getPublic()))).isEqualTo(keys.getPublic());
    }

    @Test
    void signaturesAreTheBytesTheJdkProviderMakesAndItVerifiesThem() throws Exception {
        java.util.Random random = new java.util.Random(20261122);
        for (int i = 0; i < 20; i++) {
            KeyPair keys = Signatures.generate();
            byte[] message = new byte[random.nextInt(2000)];
            random.nextBytes(message);
            String ours = Signatures.sign(keys.getPrivate(), message);
            java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
            jdk.initSign(keys.getPrivate());
            jdk.update(message);
            assertThat(ours).isEqualTo(java.util.Base64.getEncoder().encodeToString(jdk.sign()));
            assertThat(Signatures.verify(keys.getPublic(), message, ours)).isTrue();
            assertThat(Signatures.sign(keys.getPrivate(), message))
                    .as("the cached key signs the same")
                    .isEqualTo(ours);
            if (message.length > 0) {
                message[0] ^= 1;
                assertThat(Signatures.verify(keys.getPublic(), message, ours)).isFalse();
            }
        }
        KeyPair restored = Signatures.generate();
        {
            // a key read back from its PKCS#8 text, as services load theirs
            var decoded = Signatures.privateKey(Signatures.encode(restored.getPrivate()));
            assertThat(Signatures.sign(decoded, new byte[] {1, 2, 3}))
                    .isEqualTo(Signatures.sign(restored.getPrivate(), new byte[] {1, 2, 3}));
        }
    }
}
