package org.dsr.connector.webhook;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smallrye.mutiny.Uni;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.CommandContext;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.Subject;

/** What the webhook tests share: settings from YAML, commands as the core hands them over, a clock to move. */
final class WebhookFixture {

    static final String PROCESSOR = "shop";

    private WebhookFixture() {}

    static ProcessorEntry entry(String settingsYaml, Path baseDir) {
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(settingsYaml);
            return new ProcessorEntry(PROCESSOR, WebhookKind.NAME, node, "processors[" + PROCESSOR + "]", baseDir);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The settings and the error lines they produced. */
    static Settings settings(ProcessorEntry entry, List<String> errors, Map<String, String> env) {
        return Settings.of(entry, errors, env::get);
    }

    static ProcessorCommandV1 command(List<Identifier> identifiers, List<CategoryCommand> categories) {
        Subject subject = new Subject(
                "pseudonym-" + UUID.randomUUID(),
                identifiers.stream().map(Identifier::type).distinct().toList(),
                null);
        return new ProcessorCommandV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                PROCESSOR,
                RequestType.ERASURE,
                Jurisdiction.SE,
                subject,
                categories,
                Instant.now(),
                1);
    }

    static CommandContext context(ProcessorCommandV1 command, List<Identifier> identifiers) {
        return new CommandContext(command, identifiers, command.categories(), new MemoryJournal());
    }

    static Map<String, StepResult> byCategory(List<StepResult> results) {
        Map<String, StepResult> out = new java.util.HashMap<>();
        results.forEach(r -> out.put(r.category(), r));
        return out;
    }

    /** The attempt journal in memory. */
    static final class MemoryJournal implements CommandContext.AttemptJournal {
        final List<String> recorded = new ArrayList<>();

        @Override
        public Optional<String> previous() {
            return recorded.isEmpty() ? Optional.empty() : Optional.of(recorded.get(recorded.size() - 1));
        }

        @Override
        public Uni<Void> record(String state) {
            recorded.add(state);
            return Uni.createFrom().voidItem();
        }
    }
}
