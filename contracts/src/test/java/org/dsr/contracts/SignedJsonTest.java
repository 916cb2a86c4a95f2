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
        assertThat(CanonicalJson.canonicalize("{\"b\": 1.0, \"a\": [true, \"x\"]}")).isEqualTo("{\"a\":[true,\"x\"],\"b\":1}");
    }

    @Test
    void aSignatureCoversEveryFieldButItself() {
        KeyPair keys = Signatures.generate();
        Map<String, Object> value = Map.of("requestId", "r1", "status", "COMPLETED");
        var signature = SignedJson.sign(value, "orchestrator-1", keys.getPrivate());

        assertThat(SignedJson.verify(Map.of("status", "COMPLETED", "requestId", "r1", "signature", signature), signature,
                keys.getPublic())).as("field order and the signature field itself do not matter").isTrue();
        assertThat(SignedJson.verify(Map.of("requestId", "r1", "status", "COMPLETEd"), signature, keys.getPublic()))
                .isFalse();
        assertThat(SignedJson.verify(value, signature, Signatures.generate().getPublic())).isFalse();
        assertThat(Signatures.publicKey(Signatures.encode(keys.getPublic()))).isEqualTo(keys.getPublic());
    }
}
