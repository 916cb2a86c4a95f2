package org.dsr.connector.manual;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.json.Json;
import org.junit.jupiter.api.Test;

/** What the connector refuses to start with for a manual processor, one line per bad setting. */
class ManualSettingsTest {

    private final List<String> errors = new ArrayList<>();

    private ManualConnector create(ObjectNode settings) {
        ProcessorEntry entry =
                new ProcessorEntry("vendor-x", ManualKind.NAME, settings, "processors[vendor-x]", Path.of("."));
        ManualConnector connector = (ManualConnector) new ManualKind(new ManualTasks(), java.time.Clock.systemUTC())
                .create(entry, Settings.of(entry, errors, name -> null));
        assertThat(connector == null).isEqualTo(!errors.isEmpty());
        return connector;
    }

    private static ObjectNode valid() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("vendor", "Vendor X Ltd")
                .put("contact", "privacy desk portal")
                .put("instructions", "Ask {vendor} about request {requestId} by {respondBy}");
        s.putObject("categories").putObject("newsletter").putArray("actions").add("ERASE");
        return s;
    }

    @Test
    void missingVendorContactInstructionsAndCategoriesAreEachNamed() {
        assertThat(create(Json.MAPPER.createObjectNode())).isNull();
        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "processors[vendor-x].settings.vendor: required",
                        "processors[vendor-x].settings.contact: required",
                        "processors[vendor-x].settings.instructions: required",
                        "processors[vendor-x].settings.categories: required: a mapping of category to its actions, e.g."
                                + " newsletter: {actions: [ERASE]}");
    }

    @Test
    void aPlaceholderForTheSubjectATypoAndABadActionAreRefused() {
        ObjectNode s = valid();
        s.put("instructions", "Erase {email} for request {requestId}");
        s.put("respond-in", "P7D");
        s.put("remind-every", "soon");
        ((ObjectNode) s.get("categories"))
                .putObject("tickets")
                .put("instructions", "delete {name}")
                .putArray("actions")
                .add("SHRED");

        assertThat(create(s)).isNull();
        assertThat(errors).hasSize(5);
        assertThat(errors)
                .anySatisfy(e -> assertThat(e)
                        .startsWith("processors[vendor-x].settings.instructions:" + " unknown placeholder(s) [{email}]")
                        .endsWith("(the subject's identifiers are never put in a task)"));
        assertThat(errors)
                .anySatisfy(e -> assertThat(e).startsWith("processors[vendor-x].settings.respond-in: unknown setting"));
        assertThat(errors)
                .contains("processors[vendor-x].settings.remind-every: 'soon' is not a duration (e.g. 30s,"
                        + " 5m, PT1H)");
        assertThat(errors)
                .anySatisfy(e -> assertThat(e)
                        .startsWith("processors[vendor-x].settings.categories.tickets.actions: 'SHRED' is not one of"));
        assertThat(errors)
                .anySatisfy(
                        e -> assertThat(e)
                                .startsWith(
                                        "processors[vendor-x].settings.categories.tickets.instructions: unknown placeholder(s) [{name}]"));
    }

    @Test
    void aValidEntryDeclaresItsCategoriesWithDefaultTimes() {
        ManualConnector connector = create(valid());
        assertThat(errors).isEmpty();
        assertThat(connector.categories()).containsExactly(java.util.Map.entry("newsletter", Set.of(Action.ERASE)));
        assertThat(connector.config().respondWithin()).isEqualTo(Duration.ofDays(7));
        assertThat(connector.config().remindEvery()).isEqualTo(Duration.ofDays(1));
    }
}
