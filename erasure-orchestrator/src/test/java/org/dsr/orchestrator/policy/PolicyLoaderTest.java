package org.dsr.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.RequestType;
import org.dsr.orchestrator.policy.PolicyLoader.InvalidPolicyException;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {

    private static Policy parse(String yaml) {
        return PolicyLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void theSamplePolicyLoadsWithItsFourProcessors() {
        Policy policy = PolicyLoader.load(Optional.empty());
        assertThat(policy.processors())
                .extracting(Policy.Processor::name)
                .containsExactly("hosting", "email-delivery", "analytics", "payments");
        assertThat(policy.processor("payments").orElseThrow().commandsFor(RequestType.ERASURE))
                .anySatisfy(c -> {
                    assertThat(c.category()).isEqualTo("invoices");
                    assertThat(c.action()).isEqualTo(Action.RETAIN);
                });
        assertThat(policy.processor("analytics").orElseThrow().commandsFor(RequestType.RESTRICTION))
                .isEmpty();
        assertThat(policy.processor("hosting").orElseThrow().topic()).isEqualTo("dsr.commands.hosting");
    }

    @Test
    void errorsNameTheEntry() {
        assertThatThrownBy(() -> parse("""
                version: 1
                processors:
                  - name: payments
                    categories:
                      - name: invoices
                        actions: { ERASURE: RETAIN }
                        retention:
                          SE: { legalBasis: "Bokföringslagen 7 kap. 2 §" }
                      - name: cards
                        actions: { RESTRICTION: ERASE }
                  - name: payments
                    categories: []
                """))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("processors[payments].categories[invoices].retention.DK")
                .hasMessageContaining("processors[payments].categories[cards].actions.RESTRICTION")
                .hasMessageContaining("processors[payments]: named twice");
    }

    @Test
    void unknownFieldsAndConstantsAreRefused() {
        assertThatThrownBy(() -> parse("version: 1\nprocessors:\n  - name: x\n    colour: red\n"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> parse("version: 1\nprocessors:\n  - name: x\n    categories:\n"
                        + "      - name: c\n        actions: { ERASURE: SHRED }\n"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("SHRED");
    }
}
