package org.dsr.contracts.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.SignatureV1;
import org.junit.jupiter.api.Test;

class OutcomeSignatureCheckTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KeyPair hosting = Signatures.generate();
    private final KeyPair payments = Signatures.generate();
    private final VerificationKeys keys = VerificationKeys.builder()
            .add("hosting", hosting.getPublic())
            .add("payments", payments.getPublic())
            .build();

    private ObjectNode signedBy(KeyPair pair, String owner, Map<String, Object> outcome) {
        SignatureV1 signature =
                SignedJson.sign(outcome, VerificationKeys.keyId(owner, pair.getPublic()), pair.getPrivate());
        ObjectNode node = MAPPER.valueToTree(outcome);
        node.set("signature", MAPPER.valueToTree(signature));
        return node;
    }

    private OutcomeSignatureCheck.Result check(ObjectNode outcome, String processor) {
        return OutcomeSignatureCheck.check(outcome, processor, keys::find, Signatures::verifyFast);
    }

    private static Map<String, Object> outcome() {
        return Map.of("processor", "hosting", "category", "sessions", "status", "ERASED");
    }

    @Test
    void theProcessorsOwnSignatureVerifies() {
        assertThat(check(signedBy(hosting, "hosting", outcome()), "hosting").verified())
                .isTrue();
    }

    @Test
    void anUnsignedOutcomeIsSaidSo() {
        OutcomeSignatureCheck.Result result = check(MAPPER.valueToTree(outcome()), "hosting");

        assertThat(result.verdict()).isEqualTo(OutcomeSignatureCheck.Verdict.UNSIGNED);
        assertThat(result.problem("hosting")).isEqualTo("unsigned outcome");
    }

    @Test
    void anotherProcessorsKeyIsNotTheProcessors() {
        OutcomeSignatureCheck.Result result = check(signedBy(payments, "payments", outcome()), "hosting");

        assertThat(result.verdict()).isEqualTo(OutcomeSignatureCheck.Verdict.OTHER_OWNER);
        assertThat(result.problem("hosting")).contains("of payments, not of hosting");
    }

    @Test
    void aKeyNobodyPublishedIsUnknown() {
        KeyPair stranger = Signatures.generate();

        OutcomeSignatureCheck.Result result = check(signedBy(stranger, "hosting", outcome()), "hosting");

        assertThat(result.verdict()).isEqualTo(OutcomeSignatureCheck.Verdict.UNKNOWN_KEY);
        assertThat(result.problem("hosting")).contains("not among the processors' public keys");
    }

    @Test
    void aChangedFieldOrAChangedSignatureCharacterIsInvalid() {
        ObjectNode changed = signedBy(hosting, "hosting", outcome());
        changed.put("status", "RETAINED");
        ObjectNode lowBits = signedBy(hosting, "hosting", outcome());
        String value = lowBits.get("signature").get("value").asText();
        // "==" padding: the last data character carries unused low bits a decoder would ignore
        char last = value.charAt(value.length() - 3);
        ((ObjectNode) lowBits.get("signature"))
                .put("value", value.substring(0, value.length() - 3) + (char) (last ^ 1) + "==");
        ObjectNode otherAlgorithm = signedBy(hosting, "hosting", outcome());
        ((ObjectNode) otherAlgorithm.get("signature")).put("algorithm", "RS256");

        for (ObjectNode bad : new ObjectNode[] {changed, lowBits, otherAlgorithm}) {
            OutcomeSignatureCheck.Result result = check(bad, "hosting");
            assertThat(result.verdict()).isEqualTo(OutcomeSignatureCheck.Verdict.INVALID);
            assertThat(result.problem("hosting"))
                    .startsWith("the processor's signature does not verify with key hosting-");
        }
    }
}
