package org.dsr.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import org.dsr.adapter.kit.OutcomeRules;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.CommandContext;
import org.dsr.connector.kind.PendingStep;
import org.dsr.connector.kind.PendingStepIds;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;

/** Builds the http kind as the connector core would, without Quarkus, and runs commands through it. */
final class HttpTestSupport {

    static final String EMAIL = "jane.doe@example.com";
    static final String USER_ID = "user-4711";
    static final Map<String, String> ENV =
            Map.of("VENDOR_TOKEN", "tok_test_123", "VENDOR_PASSWORD", "pw-test", "CLIENT_SECRET", "client-secret-test");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private HttpTestSupport() {}

    /** The entry's settings as YAML; errors collected into {@code errors}; null when it could not be built. */
    static ProcessorConnector create(String processor, String settingsYaml, List<String> errors) {
        return create(processor, settingsYaml, errors, Path.of("."));
    }

    static ProcessorConnector create(String processor, String settingsYaml, List<String> errors, Path baseDir) {
        try {
            JsonNode settings = YAML.readTree(settingsYaml);
            ProcessorEntry entry =
                    new ProcessorEntry(processor, "http", settings, "processors[" + processor + "]", baseDir);
            return new HttpKind().create(entry, Settings.of(entry, errors, ENV::get));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Builds a connector that must have no setting errors. */
    static ProcessorConnector connector(String processor, String settingsYaml) {
        List<String> errors = new ArrayList<>();
        ProcessorConnector connector = create(processor, settingsYaml, errors);
        assertThat(errors).isEmpty();
        assertThat(connector).isNotNull();
        return connector;
    }

    /** What the tests change on every vendor: where it is, credentials, and short waits between attempts. */
    static String settings(String template, String baseUrl) {
        return "template: " + template + "\nbase-url: " + baseUrl + "\nbackoff: 0.01s\n"
                + "auth: {type: bearer, token: {env: VENDOR_TOKEN}}\n";
    }

    static ProcessorCommandV1 command(String processor, List<CategoryCommand> categories) {
        return new ProcessorCommandV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                processor,
                RequestType.ERASURE,
                Jurisdiction.SE,
                new Subject("pseudonym", List.of(IdentifierType.EMAIL), null),
                categories,
                Instant.now(),
                1);
    }

    static List<Identifier> email() {
        return List.of(new Identifier(IdentifierType.EMAIL, EMAIL));
    }

    /** An attempt journal in memory: what an earlier attempt left, and what this one recorded. */
    static final class Journal implements CommandContext.AttemptJournal {
        final List<String> recorded = new ArrayList<>();
        private final String previous;

        Journal(String previous) {
            this.previous = previous;
        }

        @Override
        public Optional<String> previous() {
            return Optional.ofNullable(previous);
        }

        @Override
        public Uni<Void> record(String state) {
            recorded.add(state);
            return Uni.createFrom().voidItem();
        }
    }

    /** Runs the command and returns the outcome per category, as the core would publish them. */
    static Run run(ProcessorConnector connector, List<Identifier> identifiers, CategoryCommand... categories) {
        return run(connector, identifiers, new Journal(null), categories);
    }

    static Run run(
            ProcessorConnector connector,
            List<Identifier> identifiers,
            Journal journal,
            CategoryCommand... categories) {
        ProcessorCommandV1 command = command(connector.processor(), List.of(categories));
        List<StepResult> results = connector
                .execute(new CommandContext(command, identifiers, List.of(categories), journal))
                .await()
                .indefinitely();
        return new Run(command, results, journal);
    }

    record Run(ProcessorCommandV1 command, List<StepResult> results, Journal journal) {

        StepResult result(String category) {
            return results.stream()
                    .filter(r -> r.category().equals(category))
                    .findFirst()
                    .orElseThrow();
        }

        ProcessorOutcomeV1 outcome(String category) {
            CategoryCommand c = command.categories().stream()
                    .filter(x -> x.category().equals(category))
                    .findFirst()
                    .orElseThrow();
            return OutcomeRules.outcome(
                    UUID.randomUUID(),
                    command.processor(),
                    command,
                    c,
                    result(category).result(),
                    Instant.now());
        }

        /** The pending step the core would store for that category, for {@code resume}. */
        PendingStep pending(String category) {
            StepResult r = result(category);
            CategoryCommand c = command.categories().stream()
                    .filter(x -> x.category().equals(category))
                    .findFirst()
                    .orElseThrow();
            return new PendingStep(
                    PendingStepIds.of(command.commandId(), command.processor(), category),
                    command.commandId(),
                    command.requestId(),
                    command.processor(),
                    category,
                    c.action(),
                    r.resumeState(),
                    0,
                    r.result().expectedCompletion());
        }
    }

    static ProcessorOutcomeV1 outcome(PendingStep step, StepResult result) {
        ProcessorCommandV1 command =
                command(step.processor(), List.of(new CategoryCommand(step.category(), step.action())));
        return OutcomeRules.outcome(
                UUID.randomUUID(),
                step.processor(),
                command,
                command.categories().get(0),
                result.result(),
                Instant.now());
    }

    /** No identifier in outcomes, evidence, reasons or resume states, in any spelling the connector sent. */
    static void assertNoPersonalData(Object... anything) {
        for (Object o : anything) {
            String text = o instanceof String s ? s : Json.write(o);
            assertThat(text)
                    .doesNotContain(EMAIL)
                    .doesNotContain(URLEncoder.encode(EMAIL, StandardCharsets.UTF_8))
                    .doesNotContain(USER_ID);
        }
    }

    static CategoryCommand erase(String category) {
        return new CategoryCommand(category, Action.ERASE);
    }

    static CategoryCommand retain(String category) {
        return new CategoryCommand(category, Action.RETAIN);
    }
}
